import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { sendSubscriberMail, type SubscriberMail } from "../channels/adapters";
import { channelSecret, findChannel } from "../channels/store";
import { recordAudit } from "../audit/record";
import { getConfig } from "../config";
import { getDb, type Tx } from "../db/client";
import { deliveries, statusPages, statusPageSubscribers, type StatusPage } from "../db/schema";
import { NotFoundError, RateLimitedError } from "../errors";
import { errorField, log } from "../log/logger";
import { consoleUrl } from "../notifications/message";
import { limiterFor } from "../ratelimit/backend";
import type { RequestMeta } from "../request/meta";
import { subscribeSchema } from "./schemas";
import { hashToken, newToken, unsubscribeToken } from "./tokens";

// Email subscriptions, by anonymous readers: double opt-in (a confirmation mail; nothing else
// is sent before its link is followed), tokens hashed at rest, one-click unsubscribe, and a
// per-page limit on sign-ups. The answer to a sign-up is the same whether the address was
// new, pending or already confirmed, so the form tells nobody who subscribes.
//
// Updates reach subscribers through the notification outbox (notification_deliveries, event
// "subscriber", on the page's email channel): queued in the transaction that posts the update
// or claims the maintenance announcement, so a crash loses none and sends none twice, and
// retried with backoff like every delivery. A queued row holds the subscriber id and the text,
// never a token: the unsubscribe link is derived when the mail is sent, and a reader who
// unsubscribed in between gets nothing.

const anonymous = { type: "anonymous" } as const;
const emailHint = (email: string) => email.replace(/^(.).*@/, "$1…@");

async function publishedPage(slug: string): Promise<StatusPage> {
  const [page] = await getDb().select().from(statusPages).where(and(eq(statusPages.slug, slug), eq(statusPages.published, true)));
  if (!page) throw new NotFoundError("Status page");
  return page;
}

export const statusUrl = (slug: string, path = "") => consoleUrl(`/status/${slug}${path}`);

/** Signs an address up (pending) and mails the confirmation link. */
export async function subscribe(slug: string, input: { email: string }, meta: RequestMeta): Promise<void> {
  const page = await publishedPage(slug);
  if (!page.emailChannelId) throw new NotFoundError("Email subscriptions for this page");
  const email = subscribeSchema.parse(input).email.toLowerCase();
  const limit = await limiterFor({ name: "status-subscribe", max: getConfig().RATELIMIT_STATUS_SUBSCRIBE_PER_HOUR, windowSeconds: 3600, failClosed: true }).limit(`page:${page.id}`);
  if (!limit.success) throw new RateLimitedError(Math.max(1, Math.ceil((limit.reset - Date.now()) / 1000)));
  const confirm = newToken();
  const id = randomUUID();
  const pending = await getDb().transaction(async (tx) => {
    const [row] = await tx
      .insert(statusPageSubscribers)
      .values({ id, pageId: page.id, email, confirmTokenHash: confirm.hash, unsubscribeTokenHash: unsubscribeToken(id).hash })
      // A pending address gets a fresh confirmation link; a confirmed one is left as it is (and not told).
      .onConflictDoUpdate({ target: [statusPageSubscribers.pageId, statusPageSubscribers.email], set: { confirmTokenHash: confirm.hash }, setWhere: sql`${statusPageSubscribers.confirmedAt} IS NULL` })
      .returning({ id: statusPageSubscribers.id, confirmedAt: statusPageSubscribers.confirmedAt });
    if (row) await recordAudit(tx, { action: "status_page.subscribe", actor: anonymous, target: { type: "status_page", id: page.id, label: page.slug }, changes: { email: emailHint(email) }, meta });
    return row && !row.confirmedAt;
  });
  if (!pending) return;
  // Sent now, not queued: the link's token exists only here (the database holds its hash), and
  // a reader whose confirmation did not arrive signs up again for a fresh one.
  const channel = await findChannel(page.emailChannelId);
  const mail: SubscriberMail = {
    to: email,
    subject: `Confirm your subscription to ${page.title}`,
    text: `Someone (hopefully you) asked to get ${page.title} status updates at this address.\n\nConfirm: ${statusUrl(page.slug, `/subscribe/confirm?token=${confirm.token}`)}\n\nIf it was not you, ignore this mail: nothing will be sent.`,
    unsubscribeUrl: null,
  };
  await sendSubscriberMail({ ...channel, secret: channelSecret(channel) }, mail, randomUUID(), getConfig().NOTIFY_TIMEOUT_MS).catch((err) => {
    // The reason is logged without the address; the answer stays the same as for any sign-up.
    log("status-pages").error({ err: errorField(err) }, "a subscription confirmation was not accepted");
  });
}

/** Follows a confirmation link; false when the token is unknown or already used. */
export async function confirmSubscription(token: string, meta: RequestMeta): Promise<{ pageSlug: string } | null> {
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .update(statusPageSubscribers)
      .set({ confirmedAt: new Date(), confirmTokenHash: null })
      .where(eq(statusPageSubscribers.confirmTokenHash, hashToken(token)))
      .returning();
    if (!row) return null;
    const [page] = await tx.select().from(statusPages).where(eq(statusPages.id, row.pageId));
    await recordAudit(tx, { action: "status_page.confirm_subscription", actor: anonymous, target: { type: "status_page", id: row.pageId, label: page?.slug ?? null }, changes: { email: emailHint(row.email) }, meta });
    return { pageSlug: page?.slug ?? "" };
  });
}

/** One-click unsubscribe: the subscriber row is deleted; false when the token is unknown. */
export async function unsubscribe(token: string, meta: RequestMeta): Promise<boolean> {
  return getDb().transaction(async (tx) => {
    const [row] = await tx.delete(statusPageSubscribers).where(eq(statusPageSubscribers.unsubscribeTokenHash, hashToken(token))).returning();
    if (!row) return false;
    await recordAudit(tx, { action: "status_page.unsubscribe", actor: anonymous, target: { type: "status_page", id: row.pageId }, changes: { email: emailHint(row.email) }, meta });
    return true;
  });
}

/** What a queued subscriber delivery holds: who and what, never a link token. */
type QueuedSubscriberMail = { subscriberId: string; subject: string; text: string };

/** Queues the mail for every confirmed subscriber of a page, in the caller's transaction; the number queued. */
export async function queueSubscriberMail(tx: Tx, pageId: string, subject: string, text: string): Promise<number> {
  const [page] = await tx.select().from(statusPages).where(eq(statusPages.id, pageId));
  if (!page?.emailChannelId || !page.published) return 0;
  const subscribers = await tx.select({ id: statusPageSubscribers.id }).from(statusPageSubscribers).where(and(eq(statusPageSubscribers.pageId, pageId), isNotNull(statusPageSubscribers.confirmedAt)));
  for (let i = 0; i < subscribers.length; i += 1000) {
    await tx.insert(deliveries).values(
      subscribers.slice(i, i + 1000).map((s) => ({ channelId: page.emailChannelId!, event: "subscriber", payload: { subscriberId: s.id, subject: `[${page.title}] ${subject}`, text } satisfies QueuedSubscriberMail })),
    );
  }
  return subscribers.length;
}

/** The mail a queued delivery stands for, with its unsubscribe link; null when the subscriber is gone. */
export async function subscriberMailOf(payload: Record<string, unknown>): Promise<SubscriberMail | null> {
  const queued = payload as Partial<QueuedSubscriberMail>;
  if (typeof queued.subscriberId !== "string") return null;
  const [row] = await getDb()
    .select({ email: statusPageSubscribers.email, confirmedAt: statusPageSubscribers.confirmedAt, slug: statusPages.slug })
    .from(statusPageSubscribers)
    .innerJoin(statusPages, eq(statusPages.id, statusPageSubscribers.pageId))
    .where(eq(statusPageSubscribers.id, queued.subscriberId));
  if (!row?.confirmedAt) return null;
  const url = statusUrl(row.slug, `/unsubscribe?token=${unsubscribeToken(queued.subscriberId).token}`);
  return { to: row.email, subject: String(queued.subject ?? ""), text: `${String(queued.text ?? "")}\n\nStatus page: ${statusUrl(row.slug)}\nUnsubscribe (one click): ${url}`, unsubscribeUrl: url };
}
