import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type net from "node:net";

// Alerting end to end against real local peers: an HTTP target a monitor probes, webhook,
// Slack and PagerDuty receivers that are plain HTTP servers, and an SMTP server
// (smtp-server). Rules are evaluated and the outbox drained by the same functions the jobs
// call; time is passed in where a schedule needs it.

process.env.NOTIFY_RETRY_BASE_MS = "40";
process.env.NOTIFY_TIMEOUT_MS = "1500";

const { evaluateAlerts } = await import("@/lib/alerts/evaluate");
const { createAlertRule } = await import("@/lib/alerts/rules");
const { createSilence } = await import("@/lib/alerts/silences");
const { createChannel } = await import("@/lib/channels/store");
const { testChannel } = await import("@/lib/channels/test");
const { closeDb, getDb } = await import("@/lib/db/client");
const { deliveries, deliveryAttempts, incidents } = await import("@/lib/db/schema");
const { acknowledgeIncident } = await import("@/lib/incidents/mutations");
const { getIncident } = await import("@/lib/incidents/queries");
const { flushRequestMetrics } = await import("@/lib/metrics/flush");
const { addToMinute } = await import("@/lib/metrics/aggregate");
const { createMonitor } = await import("@/lib/monitors/mutations");
const { runDueProbes } = await import("@/lib/monitors/run-probes");
const { dispatchDue } = await import("@/lib/notifications/dispatch");
const { createRun } = await import("@/lib/runs/create");
const { patchRun } = await import("@/lib/runs/update");
const { makeKey, makeProject, unique } = await import("./support/api");
const { serveHttp } = await import("./support/loopback");
const { until } = await import("./support/until");
const { userAccess } = await import("./support/users");

type Received = { headers: Record<string, string>; body: string };
/** A local HTTP receiver; `status` is what it answers next (500 to fail, 0 to hang up). */
async function receiver() {
  const got: Received[] = [];
  const state = { status: 200 };
  const server = await serveHttp((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (state.status === 0) return void req.socket.destroy();
      got.push({ headers: req.headers as Record<string, string>, body });
      res.writeHead(state.status, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  return { url: `${server.base}/hook`, got, state, close: server.close };
}

let admin: Awaited<ReturnType<typeof userAccess>>;
let operator: Awaited<ReturnType<typeof userAccess>>;
beforeAll(async () => {
  admin = await userAccess("admin");
  operator = await userAccess("operator");
});

/** Evaluate, then drain the outbox until it is empty (retries included, bounded). */
async function evaluateAndDeliver(now?: Date) {
  const result = await evaluateAlerts(now);
  await dispatchDue();
  return result;
}

describe("monitor_down → webhook (Standard Webhooks)", () => {
  it("fires within one probe and one evaluation, sends exactly one signed message, and one resolved message when the target is back", async () => {
    let up = true;
    const target = await serveHttp((_req, res) => void res.writeHead(up ? 200 : 503).end("OK"));
    const hook = await receiver();
    try {
      const channel = await createChannel(admin, { kind: "webhook", name: unique("hook"), url: hook.url });
      expect(channel.signingSecret).toMatch(/^whsec_/);
      const monitor = await createMonitor(admin, { name: unique("target"), url: `${target.base}/`, intervalSeconds: 10, timeoutMs: 500 });
      await createAlertRule(operator, { name: unique("down"), kind: "monitor_down", monitorId: monitor.id, forSeconds: 0, channelIds: [channel.id], params: {} });

      await runDueProbes({ only: [(await getDb().query.monitors.findFirst({ where: (m, { eq: e }) => e(m.id, monitor.id) }))!] });
      expect((await evaluateAndDeliver()).fired).toBe(0);
      up = false;
      await runDueProbes({ only: [(await getDb().query.monitors.findFirst({ where: (m, { eq: e }) => e(m.id, monitor.id) }))!], now: new Date(Date.now() + 11_000) });
      expect((await evaluateAndDeliver()).fired).toBe(1);
      // A second evaluation while still down sends nothing new (repeat interval 1 h).
      await evaluateAndDeliver();
      expect(hook.got).toHaveLength(1);
      const [message] = hook.got;
      const payload = new Webhook(channel.signingSecret!).verify(message!.body, message!.headers) as { type: string; incident: { title: string; url: string } };
      expect(payload).toMatchObject({ type: "incident.firing", incident: { title: `${monitor.name} is down` } });
      expect(payload.incident.url).toMatch(/\/incidents\/[0-9a-f-]{36}$/);
      expect(() => new Webhook(`whsec_${Buffer.from("another secret of 24 byt").toString("base64")}`).verify(message!.body, message!.headers)).toThrow();

      up = true;
      await runDueProbes({ only: [(await getDb().query.monitors.findFirst({ where: (m, { eq: e }) => e(m.id, monitor.id) }))!], now: new Date(Date.now() + 22_000) });
      expect((await evaluateAndDeliver()).resolved).toBe(1);
      expect(hook.got).toHaveLength(2);
      expect(JSON.parse(hook.got[1]!.body)).toMatchObject({ type: "incident.resolved" });
      expect(hook.got[0]!.headers["webhook-id"]).not.toBe(hook.got[1]!.headers["webhook-id"]);
    } finally {
      await target.close();
      await hook.close();
    }
  });
});

describe("Slack, PagerDuty and email", () => {
  let smtp: SMTPServer;
  let smtpPort = 0;
  const mails: string[] = [];
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, done) {
        let data = "";
        stream.on("data", (c: Buffer) => (data += c.toString("utf8")));
        stream.on("end", () => {
          mails.push(data);
          done();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    smtpPort = (smtp.server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

  it("sends a Block Kit message, a PagerDuty trigger/acknowledge/resolve with one dedup_key, and an email whose text and HTML link the incident", async () => {
    const slack = await receiver();
    const pd = await receiver();
    const key = await makeKey();
    const project = await makeProject(key);
    try {
      const s = await createChannel(admin, { kind: "slack", name: unique("slack"), url: slack.url });
      const p = await createChannel(admin, { kind: "pagerduty", name: unique("pd"), routingKey: "R0UTINGKEY0123456789abcdef012345", url: pd.url });
      const e = await createChannel(admin, { kind: "email", name: unique("mail"), host: "127.0.0.1", port: smtpPort, from: "opsdeck@example.com", to: ["oncall@example.com"] });
      await createAlertRule(operator, { name: unique("fail"), kind: "run_failed", project: project.slug, channelIds: [s.id, p.id, e.id], params: {} });
      const run = await createRun(key.access, project.slug, { name: "nightly build", status: "running" });
      await patchRun(key.access, run.id, { status: "failed" });
      expect((await evaluateAndDeliver()).fired).toBe(1);
      await until(() => slack.got.length === 1 && pd.got.length === 1 && mails.length === 1, "slack, pagerduty and the email");

      const blocks = JSON.parse(slack.got[0]!.body) as { text: string; blocks: { type: string; elements?: { url: string }[] }[] };
      expect(blocks.text).toContain("nightly build");
      expect(blocks.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "actions"]);
      expect(blocks.blocks[3]!.elements![0]!.url).toMatch(/\/incidents\//);

      const trigger = JSON.parse(pd.got[0]!.body) as Record<string, unknown> & { payload: Record<string, unknown> };
      expect(trigger).toMatchObject({ routing_key: "R0UTINGKEY0123456789abcdef012345", event_action: "trigger", payload: { source: "opsdeck", severity: "warning" } });
      expect(String(trigger.payload.summary)).toContain("nightly build");

      expect(mails[0]).toMatch(/Subject: \[WARNING\] nightly build failed/);
      expect(mails[0]).toContain("Content-Type: text/plain");
      expect(mails[0]).toContain("Content-Type: text/html");
      const links = mails[0]!.replace(/=\r?\n/g, "").match(/\/incidents\/[0-9a-f-]{36}/g) ?? [];
      expect(links.length, "the incident link in both parts").toBeGreaterThanOrEqual(2);

      const [incident] = await getDb().select().from(incidents).where(eq(incidents.projectId, project.id));
      await acknowledgeIncident(operator, incident!.id);
      await dispatchDue();
      await until(() => pd.got.length === 2, "the acknowledge");
      expect(JSON.parse(pd.got[1]!.body)).toEqual({ routing_key: "R0UTINGKEY0123456789abcdef012345", event_action: "acknowledge", dedup_key: trigger.dedup_key });
      expect(slack.got).toHaveLength(1);
    } finally {
      await slack.close();
      await pd.close();
    }
  });
});

describe("durable delivery", () => {
  it("retries a receiver that answers 500 or is down, with backoff, and delivers each message id exactly once after a restart", async () => {
    const hook = await receiver();
    const key = await makeKey();
    const project = await makeProject(key);
    try {
      hook.state.status = 500;
      const channel = await createChannel(admin, { kind: "webhook", name: unique("flaky"), url: hook.url });
      await createAlertRule(operator, { name: unique("flaky"), kind: "run_failed", project: project.slug, channelIds: [channel.id], params: {} });
      const run = await createRun(key.access, project.slug, { name: "deploy api", status: "running" });
      await patchRun(key.access, run.id, { status: "failed" });
      await evaluateAlerts();
      await dispatchDue();
      expect(hook.got).toHaveLength(1);
      const [row] = await getDb().select().from(deliveries).where(eq(deliveries.channelId, channel.id));
      expect(row).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500, lastErrorClass: "http_5xx" });
      // The next attempt is scheduled after the first, by the backoff (40 ms × 0.5–1.5 here).
      const [attempt] = await getDb().select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, row!.id));
      expect(row!.nextAttemptAt.getTime() - attempt!.at.getTime()).toBeGreaterThanOrEqual(20);

      hook.state.status = 0; // connection dropped
      await until(async () => (await dispatchDue()).failed > 0, "a failed retry", 5_000);
      // The process "restarts": its pool is gone, nothing in memory survives; the outbox does.
      await closeDb();
      hook.state.status = 200;
      const status = async () => (await getDb().select({ status: deliveries.status }).from(deliveries).where(eq(deliveries.channelId, channel.id)))[0]!.status;
      await until(async () => {
        await dispatchDue();
        return (await status()) === "delivered";
      }, "the delivery after recovery", 10_000);
      await dispatchDue();
      const ids = hook.got.map((g) => g.headers["webhook-id"]);
      expect(new Set(ids).size, "one message id throughout").toBe(1);
      const [done] = await getDb().select().from(deliveries).where(eq(deliveries.channelId, channel.id));
      expect(done).toMatchObject({ status: "delivered" });
      const detail = await getIncident(operator, done!.incidentId!);
      expect(detail.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(["fired", "delivery_failed", "delivered"]));
      expect(detail.deliveries[0]).toMatchObject({ status: "delivered", channel: channel.name });
    } finally {
      await hook.close();
    }
  });
});

describe("schedules and traffic", () => {
  it("run_missing on a 1-minute schedule fires when no run checks in and resolves when one does", async () => {
    const key = await makeKey();
    const project = await makeProject(key);
    const rule = await createAlertRule(operator, { name: unique("cron"), kind: "run_missing", project: project.slug, params: { runKind: "backup", cron: "* * * * *", graceSeconds: 0 } });
    const created = new Date(rule.createdAt);
    // Before the first slot after the rule exists, nothing is expected yet.
    expect((await evaluateAlerts(created)).fired).toBe(0);
    // Five seconds past that slot with no backup run: missing.
    const firstSlot = new Date(Math.floor(created.getTime() / 60_000) * 60_000 + 60_000);
    expect((await evaluateAlerts(new Date(firstSlot.getTime() + 5_000))).fired).toBe(1);
    const run = await createRun(key.access, project.slug, { name: "backup", kind: "backup" });
    // As of the check-in, the latest slot has its run.
    expect((await evaluateAlerts(new Date(run.createdAt))).resolved).toBe(1);
  });

  it("route_errors fires from real 5xx traffic of a route, and not from a healthy one", async () => {
    const route = `/api/test/errors-${unique()}`;
    const healthy = `/api/test/fine-${unique()}`;
    await createAlertRule(operator, { name: unique("5xx"), kind: "route_errors", params: { thresholdPercent: 10, windowSeconds: 600, minRequests: 20 } });
    const minuteAgo = Date.now() - 120_000;
    for (let i = 0; i < 40; i++) {
      addToMinute({ route, method: "GET", status: i % 2 ? 500 : 200, seconds: 0.005 }, minuteAgo);
      addToMinute({ route: healthy, method: "GET", status: 200, seconds: 0.005 }, minuteAgo);
    }
    await flushRequestMetrics({ all: true });
    await evaluateAlerts();
    const open = await getDb().select().from(incidents).where(eq(incidents.status, "open"));
    expect(open.some((i) => i.labels.route === route)).toBe(true);
    expect(open.some((i) => i.labels.route === healthy)).toBe(false);
  });
});

describe("silences and deploys", () => {
  it("records an incident as suppressed under a matching silence, and sends nothing", async () => {
    const hook = await receiver();
    const key = await makeKey();
    const project = await makeProject(key);
    try {
      const channel = await createChannel(admin, { kind: "webhook", name: unique("quiet"), url: hook.url });
      await createSilence(operator, { matchers: [{ label: "project", op: "=", value: project.slug }], endsAt: new Date(Date.now() + 3600_000).toISOString(), comment: "migration" });
      await createAlertRule(operator, { name: unique("quiet"), kind: "run_failed", project: project.slug, channelIds: [channel.id], params: {} });
      const run = await createRun(key.access, project.slug, { name: "quiet", status: "running" });
      await patchRun(key.access, run.id, { status: "failed" });
      expect((await evaluateAndDeliver()).fired).toBe(1);
      const [incident] = await getDb().select().from(incidents).where(eq(incidents.projectId, project.id));
      expect(incident!.suppressedBy).toMatch(/^silence/);
      expect(hook.got).toEqual([]);
    } finally {
      await hook.close();
    }
  });

  it("mutes a monitor's rule while a deploy run of the linked project is running", async () => {
    const hook = await receiver();
    const target = await serveHttp((_req, res) => void res.writeHead(503).end("down"));
    const key = await makeKey();
    const project = await makeProject(key);
    try {
      const channel = await createChannel(admin, { kind: "webhook", name: unique("deploy"), url: hook.url });
      const monitor = await createMonitor(admin, { name: unique("api"), url: `${target.base}/`, intervalSeconds: 10, timeoutMs: 500 });
      await createAlertRule(operator, { name: unique("api down"), kind: "monitor_down", monitorId: monitor.id, muteDuringDeploysOf: project.slug, channelIds: [channel.id], params: {} });
      await createRun(key.access, project.slug, { name: "deploy api", kind: "deploy", status: "running" });
      await runDueProbes({ only: [(await getDb().query.monitors.findFirst({ where: (m, { eq: e }) => e(m.id, monitor.id) }))!] });
      // At least this rule's incident (CI once saw 2 here, under the full suite's load: the
      // count is of the whole database's rules); the one asserted on below is this rule's.
      expect((await evaluateAndDeliver()).fired).toBeGreaterThanOrEqual(1);
      const [incident] = await getDb().select().from(incidents).where(eq(incidents.dedupKey, `${(await getDb().query.alertRules.findFirst({ where: (r, { eq: e }) => e(r.monitorId, monitor.id) }))!.id}:monitor:${monitor.id}`));
      expect(incident!.suppressedBy).toBe("deploy running");
      expect(hook.got).toEqual([]);
    } finally {
      await hook.close();
      await target.close();
    }
  });
});

describe("two evaluators at once", () => {
  it("open one incident and queue one notification", async () => {
    const hook = await receiver();
    const key = await makeKey();
    const project = await makeProject(key);
    try {
      const channel = await createChannel(admin, { kind: "webhook", name: unique("race"), url: hook.url });
      await createAlertRule(operator, { name: unique("race"), kind: "run_failed", project: project.slug, channelIds: [channel.id], params: {} });
      const run = await createRun(key.access, project.slug, { name: "race", status: "running" });
      await patchRun(key.access, run.id, { status: "failed" });
      const now = new Date();
      await Promise.all([evaluateAlerts(now), evaluateAlerts(now), evaluateAlerts(now)]);
      await Promise.all([dispatchDue(), dispatchDue()]);
      expect(await getDb().$count(incidents, eq(incidents.projectId, project.id))).toBe(1);
      expect(hook.got).toHaveLength(1);
    } finally {
      await hook.close();
    }
  });
});

describe("channel test", () => {
  it("sends a test through the channel and answers with its outcome", async () => {
    const hook = await receiver();
    try {
      const channel = await createChannel(admin, { kind: "webhook", name: unique("test"), url: hook.url });
      expect(await testChannel(operator, channel.id)).toMatchObject({ outcome: "delivered", statusCode: 200 });
      hook.state.status = 404;
      expect(await testChannel(operator, channel.id)).toMatchObject({ outcome: "http_4xx", statusCode: 404 });
      expect(JSON.parse(hook.got[0]!.body)).toMatchObject({ type: "incident.test" });
    } finally {
      await hook.close();
    }
  });
});
