import "server-only";
import { randomBytes } from "node:crypto";
import type { Tx } from "../db/client";
import { alertRules, channels, deliveries, deliveryAttempts, incidentEvents, incidents, type Incident } from "../db/schema";
import { incidentMessage } from "../notifications/message";
import { hint, seal } from "../security/secret-box";
import { DEMO_USERS } from "./accounts";

// The demo's alerting: a webhook channel pointing at nothing that answers (127.0.0.1:9, the
// discard port, closed on any sane machine) so its failed deliveries show on the incidents;
// a few rules over the demo's projects and routes; one incident resolved two days ago (with
// its dead deliveries, acknowledgement and note) and one still open (its delivery retrying).
// The seeded incidents carry a dedup key of their own: the evaluator neither joins nor
// resolves them; a person does, from /incidents.

const MIN = 60_000;
export const DEMO_CHANNEL_URL = "http://127.0.0.1:9/opsdeck-demo-hook";

type SeededAlerts = { rules: number; channels: number; incidents: number };

export async function insertDemoAlerts(tx: Tx, projectIds: Map<string, string>, now: Date): Promise<SeededAlerts> {
  const signingSecret = `whsec_${randomBytes(24).toString("base64")}`;
  const [channel] = await tx
    .insert(channels)
    .values({
      name: "demo webhook (unreachable)",
      kind: "webhook",
      config: { host: "127.0.0.1:9" },
      secret: seal(JSON.stringify({ url: DEMO_CHANNEL_URL, signingSecret })),
      secretHint: `127.0.0.1:9 · ${hint(signingSecret, "whsec_")}`,
      createdAt: new Date(now.getTime() - 3 * 86_400_000),
    })
    .returning();
  const channelIds = [channel!.id];
  const billing = projectIds.get("billing-service") ?? null;
  const rules = await tx
    .insert(alertRules)
    .values([
      { name: "Billing runs failing", kind: "run_failure_rate", params: { windowSeconds: 3600, threshold: 0.5, minRuns: 10 }, severity: "critical", projectId: billing, channelIds, forSeconds: 300, labels: { team: "payments" } },
      { name: "Run API p95 over 1 s", kind: "route_latency", params: { route: "/api/v1/projects/[slug]/runs", quantile: "p95", thresholdMs: 1000, windowSeconds: 900, minRequests: 20 }, severity: "warning", channelIds, forSeconds: 120 },
      { name: "Billing runs stuck", kind: "run_stuck", params: { queuedSeconds: 1800, runningSeconds: 7200 }, severity: "warning", projectId: billing, channelIds, repeatIntervalSeconds: 7200 },
    ])
    .returning();
  const [failing, latency] = rules as [typeof rules[number], typeof rules[number]];
  const operator = DEMO_USERS.find((u) => u.role === "operator")!.email;

  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * MIN);
  const [resolved, open] = (await tx
    .insert(incidents)
    .values([
      {
        ruleId: failing.id,
        dedupKey: `${failing.id}:demo-resolved`,
        title: "Billing runs failing: 62 % of runs failed",
        summary: "31 of 50 runs of billing-service finished failed in the last hour (threshold 50 %).",
        severity: "critical",
        status: "resolved",
        labels: { project: "billing-service", severity: "critical", team: "payments" },
        projectId: billing,
        value: 0.62,
        startedAt: at(2 * 1440),
        acknowledgedAt: at(2 * 1440 - 6),
        acknowledgedBy: operator,
        resolvedAt: at(2 * 1440 - 48),
        resolvedBy: "system",
        lastNotifiedAt: at(2 * 1440),
      },
      {
        ruleId: latency.id,
        dedupKey: `${latency.id}:demo-open`,
        title: "Run API p95 over 1 s: 1.42 s",
        summary: "p95 of POST /api/v1/projects/[slug]/runs was 1.42 s over 15 minutes (threshold 1 s, 1,830 requests).",
        severity: "warning",
        status: "open",
        labels: { route: "/api/v1/projects/[slug]/runs", severity: "warning" },
        projectId: null,
        value: 1420,
        startedAt: at(25),
        lastNotifiedAt: at(25),
      },
    ])
    .returning()) as [Incident, Incident];

  const system = { actorType: "system", actorLabel: "alert evaluator" };
  await tx.insert(incidentEvents).values([
    { incidentId: resolved.id, at: at(2 * 1440 + 5), kind: "pending", detail: { forSeconds: 300 }, ...system },
    { incidentId: resolved.id, at: at(2 * 1440), kind: "fired", detail: { value: 0.62, summary: resolved.summary }, ...system },
    { incidentId: resolved.id, at: at(2 * 1440), kind: "notification_queued", detail: { event: "firing", channels: 1 }, ...system },
    ...[1, 2, 3].map((attempt) => ({ incidentId: resolved.id, at: at(2 * 1440 - attempt), kind: "delivery_failed", detail: { channel: channel!.name, channelKind: "webhook", event: "firing", attempt, statusCode: null, latencyMs: 1, outcome: "connection" }, ...system })),
    { incidentId: resolved.id, at: at(2 * 1440 - 6), kind: "acknowledged", actorType: "user", actorLabel: operator, detail: {} },
    { incidentId: resolved.id, at: at(2 * 1440 - 20), kind: "note", actorType: "user", actorLabel: operator, detail: { note: "The payment provider's sandbox was down; retries will catch up." } },
    { incidentId: resolved.id, at: at(2 * 1440 - 40), kind: "delivery_dead", detail: { channel: channel!.name, channelKind: "webhook", event: "firing", attempt: 12, statusCode: null, latencyMs: 1, outcome: "connection" }, ...system },
    { incidentId: resolved.id, at: at(2 * 1440 - 48), kind: "resolved", ...system, detail: {} },
    { incidentId: open.id, at: at(27), kind: "pending", detail: { forSeconds: 120 }, ...system },
    { incidentId: open.id, at: at(25), kind: "fired", detail: { value: 1420, summary: open.summary }, ...system },
    { incidentId: open.id, at: at(25), kind: "notification_queued", detail: { event: "firing", channels: 1 }, ...system },
    ...[1, 2].map((attempt) => ({ incidentId: open.id, at: at(25 - attempt * 2), kind: "delivery_failed", detail: { channel: channel!.name, channelKind: "webhook", event: "firing", attempt, statusCode: null, latencyMs: 1, outcome: "connection" }, ...system })),
  ]);

  const refused = "connect ECONNREFUSED 127.0.0.1:9";
  const sent = await tx
    .insert(deliveries)
    .values([
      { incidentId: resolved.id, channelId: channel!.id, event: "firing", payload: incidentMessage(resolved, "firing", resolved.startedAt) as unknown as Record<string, unknown>, status: "dead", attempts: 12, nextAttemptAt: at(2 * 1440 - 40), lastErrorClass: "connection", lastError: refused, lastLatencyMs: 1, createdAt: resolved.startedAt },
      // Still being retried: the delivery job picks it up and records each new failure.
      { incidentId: open.id, channelId: channel!.id, event: "firing", payload: incidentMessage(open, "firing", open.startedAt) as unknown as Record<string, unknown>, status: "pending", attempts: 2, nextAttemptAt: at(1), lastErrorClass: "connection", lastError: refused, lastLatencyMs: 1, createdAt: open.startedAt },
    ])
    .returning({ id: deliveries.id, attempts: deliveries.attempts, createdAt: deliveries.createdAt });
  await tx.insert(deliveryAttempts).values(
    sent.flatMap((d) => Array.from({ length: d.attempts }, (_, i) => ({ deliveryId: d.id, attempt: i + 1, at: new Date(d.createdAt.getTime() + i * MIN), latencyMs: 1, outcome: "connection", error: refused }))),
  );
  return { rules: rules.length, channels: 1, incidents: 2 };
}
