import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "../db/client";
import { channels, deliveries, incidentEvents, type Incident } from "../db/schema";
import { incidentMessage, type NotificationEvent } from "./message";

// The outbox's write side: deliveries are inserted in the caller's transaction, beside the
// incident change they announce, so a change is never announced without happening nor
// happens without being announced. The delivery job (./dispatch.ts) sends them.

/** One delivery per enabled channel of `channelIds`; returns how many. */
export async function enqueueIncidentNotifications(tx: Tx, incident: Incident, channelIds: string[], event: NotificationEvent, now = new Date()): Promise<number> {
  if (channelIds.length === 0) return 0;
  const targets = await tx.select({ id: channels.id, kind: channels.kind }).from(channels).where(and(inArray(channels.id, channelIds), eq(channels.enabled, true)));
  // Only PagerDuty has an "acknowledge" to pass on; the others hear about firing and resolved.
  const chosen = event === "acknowledged" ? targets.filter((c) => c.kind === "pagerduty") : targets;
  if (chosen.length === 0) return 0;
  const payload = incidentMessage(incident, event, now);
  await tx.insert(deliveries).values(chosen.map((c) => ({ incidentId: incident.id, channelId: c.id, event, payload, nextAttemptAt: now })));
  await tx.insert(incidentEvents).values({ incidentId: incident.id, at: now, kind: "notification_queued", detail: { event, channels: chosen.length } });
  return chosen.length;
}
