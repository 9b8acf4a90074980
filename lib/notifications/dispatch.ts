import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { DeliveryError, send, sendSubscriberMail, type ChannelTarget, type DeliveryOutcome, type SentReport } from "../channels/adapters";
import { channelSecret } from "../channels/store";
import { getConfig } from "../config";
import { getDb } from "../db/client";
import { channels, deliveries, deliveryAttempts, incidentEvents, type Channel, type Delivery } from "../db/schema";
import { subscriberMailOf } from "../status-pages/subscriptions";
import { summaryMessage, type Message } from "./message";

// The outbox's read side (the notifications.deliver job, one instance at a time, and the
// channel test): claim due deliveries, send each, record the attempt, and either mark it
// delivered or schedule the next attempt with exponential backoff and jitter, up to
// NOTIFY_MAX_ATTEMPTS. At least once, with the delivery id as the message id receivers
// dedupe by; a claim expires, so a process that died mid-send leaves nothing stuck.
// A channel's rate limit folds the excess into one summary message. Status page subscriber
// mail ("subscriber" deliveries) rides the same outbox on the page's email channel, outside
// the channel's rate limit (each reader gets each update once).

const CLAIM_SECONDS = 60;
const MAX_BACKOFF_MS = 3_600_000;

export type DispatchResult = { claimed: number; delivered: number; failed: number; coalesced: number };

/** base · 2^(attempt−1), ×0.5–1.5 jitter, at most an hour. */
export function backoffMs(attempt: number, baseMs: number, random = Math.random()): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1) * (0.5 + random));
}

async function claim(limit: number, now: Date): Promise<Delivery[]> {
  const { rows } = await getDb().execute<Record<string, unknown>>(sql`
    UPDATE ${deliveries} SET locked_until = ${new Date(now.getTime() + CLAIM_SECONDS * 1000)}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM ${deliveries}
      WHERE status = 'pending' AND next_attempt_at <= ${now} AND (locked_until IS NULL OR locked_until < ${now})
      ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id`);
  if (rows.length === 0) return [];
  return getDb().select().from(deliveries).where(inArray(deliveries.id, rows.map((r) => r.id as string)));
}

/** Delivered to this channel in the last minute, for its rate limit. */
async function sentLastMinute(channelId: string, now: Date): Promise<number> {
  const { rows } = await getDb().execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM ${deliveries} WHERE channel_id = ${channelId} AND status = 'delivered' AND delivered_at > ${new Date(now.getTime() - 60_000)}`);
  return rows[0]?.n ?? 0;
}

/** Over the limit: this message joins the channel's pending summary, sent when the minute has room. */
async function coalesce(delivery: Delivery, now: Date): Promise<void> {
  const message = delivery.payload as unknown as Message;
  const entry = { event: message.event, title: message.incident?.title ?? message.text, url: message.incident?.url ?? null };
  await getDb().transaction(async (tx) => {
    await tx.update(deliveries).set({ status: "coalesced", lockedUntil: null }).where(eq(deliveries.id, delivery.id));
    const [pending] = await tx
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.channelId, delivery.channelId), eq(deliveries.event, "summary"), eq(deliveries.status, "pending")))
      .for("update");
    if (pending) {
      const folded = [...((pending.payload as unknown as Message).folded ?? []), entry];
      await tx.update(deliveries).set({ payload: summaryMessage(folded, now) as unknown as Record<string, unknown> }).where(eq(deliveries.id, pending.id));
    } else {
      await tx.insert(deliveries).values({ channelId: delivery.channelId, event: "summary", payload: summaryMessage([entry], now) as unknown as Record<string, unknown>, nextAttemptAt: new Date(now.getTime() + 60_000) });
    }
  });
}

type Sent = { delivery: Delivery; channel: Channel; outcome: DeliveryOutcome; report: SentReport; error: string | null; at: Date };

type Sender = (target: ChannelTarget) => Promise<SentReport>;

async function sendClaimed(delivery: Delivery, channel: Channel, timeoutMs: number, at: Date, sender: Sender = (target) => send(target, delivery.payload as unknown as Message, delivery.id, timeoutMs)): Promise<Sent> {
  try {
    const report = await sender({ id: channel.id, name: channel.name, kind: channel.kind, config: channel.config, secret: channelSecret(channel) });
    return { delivery, channel, outcome: "delivered", report, error: null, at };
  } catch (err) {
    return {
      delivery,
      channel,
      outcome: err instanceof DeliveryError ? err.outcome : "invalid",
      report: err instanceof DeliveryError ? err.report : { statusCode: null, latencyMs: 0, excerpt: null },
      error: err instanceof Error ? err.message.slice(0, 300) : String(err),
      at,
    };
  }
}

/**
 * Records a batch of sent deliveries in one transaction: the attempts, each delivery's new
 * state (delivered, retried later with backoff, or dead), and the incidents' timelines.
 * A crash between sending and recording sends again: at least once, and receivers dedupe by id.
 */
async function record(sent: Sent[]): Promise<void> {
  if (sent.length === 0) return;
  const config = getConfig();
  const rows = sent.map((r) => {
    const delivered = r.outcome === "delivered";
    const dead = !delivered && r.delivery.attempts >= config.NOTIFY_MAX_ATTEMPTS;
    const status = delivered ? "delivered" : dead ? "dead" : "pending";
    const next = delivered || dead ? r.delivery.nextAttemptAt : new Date(r.at.getTime() + backoffMs(r.delivery.attempts, config.NOTIFY_RETRY_BASE_MS));
    return { ...r, status, next };
  });
  await getDb().transaction(async (tx) => {
    await tx.insert(deliveryAttempts).values(rows.map((r) => ({ deliveryId: r.delivery.id, attempt: r.delivery.attempts, at: r.at, statusCode: r.report.statusCode, latencyMs: r.report.latencyMs, outcome: r.outcome, error: r.error, responseExcerpt: r.report.excerpt })));
    const values = sql.join(
      rows.map((r) => sql`(${r.delivery.id}::uuid, ${r.status}, ${r.status === "delivered" ? r.at : null}::timestamptz, ${r.next}::timestamptz, ${r.report.statusCode}::int, ${r.status === "delivered" ? null : r.outcome}, ${r.error}, ${r.report.latencyMs}::int)`),
      sql`, `,
    );
    await tx.execute(sql`
      UPDATE ${deliveries} d SET status = v.status, delivered_at = v.delivered_at, next_attempt_at = v.next_attempt_at, locked_until = NULL,
        last_status_code = v.code, last_error_class = v.class, last_error = v.error, last_latency_ms = v.latency
      FROM (VALUES ${values}) AS v(id, status, delivered_at, next_attempt_at, code, class, error, latency) WHERE d.id = v.id`);
    const events = rows.filter((r) => r.delivery.incidentId);
    if (events.length) {
      await tx.insert(incidentEvents).values(
        events.map((r) => ({
          incidentId: r.delivery.incidentId!,
          at: r.at,
          kind: r.status === "delivered" ? "delivered" : r.status === "dead" ? "delivery_dead" : "delivery_failed",
          detail: { channel: r.channel.name, channelKind: r.channel.kind, event: r.delivery.event, attempt: r.delivery.attempts, statusCode: r.report.statusCode, latencyMs: r.report.latencyMs, outcome: r.outcome, deliveryId: r.delivery.id },
        })),
      );
    }
  });
}

/** Sends one claimed delivery now and records it (the channel test). */
export async function deliverOne(delivery: Delivery, channel: Channel, now = new Date()): Promise<{ outcome: DeliveryOutcome; report: SentReport; error: string | null }> {
  const sent = await sendClaimed(delivery, channel, getConfig().NOTIFY_TIMEOUT_MS, now);
  await record([sent]);
  return sent;
}

/** One pass of the delivery job: up to `limit` due deliveries, `concurrency` at a time. */
export async function dispatchDue(options: { limit?: number; concurrency?: number; now?: () => Date } = {}): Promise<DispatchResult> {
  const now = options.now ?? (() => new Date());
  const claimed = await claim(options.limit ?? 200, now());
  const result: DispatchResult = { claimed: claimed.length, delivered: 0, failed: 0, coalesced: 0 };
  if (claimed.length === 0) return result;
  const byId = new Map((await getDb().select().from(channels).where(inArray(channels.id, [...new Set(claimed.map((d) => d.channelId))]))).map((c) => [c.id, c]));
  const sentNow = new Map<string, number>();
  for (const id of byId.keys()) sentNow.set(id, await sentLastMinute(id, now()));
  // An incident's messages to one channel go out in order (firing before resolved); other
  // incidents and channels run side by side.
  const queues = new Map<string, Delivery[]>();
  for (const d of claimed.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
    const lane = `${d.channelId}|${d.incidentId ?? d.id}`;
    (queues.get(lane) ?? queues.set(lane, []).get(lane)!).push(d);
  }
  const lanes = [...queues.values()];
  const done: Sent[] = [];
  const timeoutMs = getConfig().NOTIFY_TIMEOUT_MS;
  let next = 0;
  const held: Delivery[] = [];
  const worker = async () => {
    while (next < lanes.length) {
      const lane = lanes[next++]!;
      for (const [i, delivery] of lane.entries()) {
        const channel = byId.get(delivery.channelId);
        if (!channel || !channel.enabled) {
          await getDb().update(deliveries).set({ status: "dead", lockedUntil: null, lastError: "channel deleted or disabled" }).where(eq(deliveries.id, delivery.id));
          result.failed++;
          continue;
        }
        let sender: Sender | undefined;
        if (delivery.event === "subscriber") {
          const mail = await subscriberMailOf(delivery.payload);
          if (!mail) {
            // Unsubscribed (or the page deleted) after the update was queued: nothing is sent.
            await getDb().update(deliveries).set({ status: "dead", lockedUntil: null, lastError: "the subscriber unsubscribed" }).where(eq(deliveries.id, delivery.id));
            result.failed++;
            continue;
          }
          sender = (target) => sendSubscriberMail(target, mail, delivery.id, timeoutMs);
        } else if (delivery.event !== "summary" && delivery.event !== "test") {
          const sent = sentNow.get(channel.id) ?? 0;
          if (sent >= channel.rateLimitPerMinute) {
            await coalesce(delivery, now());
            result.coalesced++;
            continue;
          }
          sentNow.set(channel.id, sent + 1);
        }
        const sent = await sendClaimed(delivery, channel, timeoutMs, now(), sender);
        done.push(sent);
        if (sent.outcome === "delivered") result.delivered++;
        else {
          result.failed++;
          // The incident's later messages wait for this one: "resolved" never overtakes "firing".
          held.push(...lane.slice(i + 1));
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 16, lanes.length) }, worker));
  await record(done);
  if (held.length) {
    await getDb()
      .update(deliveries)
      .set({ lockedUntil: null, attempts: sql`${deliveries.attempts} - 1` })
      .where(inArray(deliveries.id, held.map((d) => d.id)));
  }
  return result;
}
