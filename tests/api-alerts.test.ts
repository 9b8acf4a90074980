import { beforeAll, describe, expect, it } from "vitest";

// The alerting API (/api/v1/alert-rules, channels, incidents, silences, monitors): bad input
// is a 400 naming the field and saves nothing, invisible ids are refused, limits hold, and
// no secret a channel was given ever comes back.

process.env.ALERTS_MAX_RULES = "8";

const { POST: createRuleRoute, GET: listRulesRoute } = await import("@/app/api/v1/alert-rules/route");
const { PATCH: patchRuleRoute } = await import("@/app/api/v1/alert-rules/[id]/route");
const { POST: createChannelRoute, GET: listChannelsRoute } = await import("@/app/api/v1/channels/route");
const { GET: listIncidentsRoute } = await import("@/app/api/v1/incidents/route");
const { POST: acknowledgeRoute } = await import("@/app/api/v1/incidents/[id]/acknowledge/route");
const { POST: createMonitorRoute } = await import("@/app/api/v1/monitors/route");
const { PATCH: patchMonitorRoute } = await import("@/app/api/v1/monitors/[id]/route");
const { POST: createSilenceRoute } = await import("@/app/api/v1/silences/route");
const { getDb } = await import("@/lib/db/client");
const { alertRules, auditEvents, channels, incidents } = await import("@/lib/db/schema");
const { channelSecret } = await import("@/lib/channels/store");
const { call, expectProblem, expectValidationProblem, makeKey, makeProject, unique } = await import("./support/api");

type Key = Awaited<ReturnType<typeof makeKey>>;
let admin: Key;
let slug: string;
let bound: Key;
beforeAll(async () => {
  admin = await makeKey();
  const project = await makeProject(admin);
  slug = project.slug;
  bound = await makeKey({ project: slug, scopes: ["alerts:read", "alerts:write", "incidents:write", "monitors:read"] });
});

const ruleCount = () => getDb().$count(alertRules);
const postRule = (body: unknown, key = admin) => call(createRuleRoute, "POST", "/api/v1/alert-rules", { key: key.key, body });

describe("POST /api/v1/alert-rules", () => {
  it.each([
    ["an unknown kind", { name: "x", kind: "disk_full" }, "body.kind"],
    ["a threshold out of range", { name: "x", kind: "run_failure_rate", params: { windowSeconds: 3600, threshold: 2 } }, "body.params.threshold"],
    ["a window longer than the history kept", { name: "x", kind: "route_errors", params: { thresholdPercent: 5, windowSeconds: 29 * 86_400 + 86_400 * 2 } }, "body.params.windowSeconds"],
    ["a cron that is not one", { name: "x", kind: "run_missing", project: "p", params: { runKind: "backup", cron: "every day" } }, "body.params.cron"],
    ["a channel that does not exist", { name: "x", kind: "run_stuck", params: { queuedSeconds: 600 }, channelIds: ["00000000-0000-4000-8000-000000000000"] }, "body.channelIds"],
    ["a monitor that does not exist", { name: "x", kind: "monitor_down", monitorId: "00000000-0000-4000-8000-000000000000" }, "body.monitorId"],
    ["a project that does not exist", { name: "x", kind: "run_failed", project: "no-such-project" }, "body.project"],
  ])("refuses %s with 400 naming the field, and saves nothing", async (_what, body, field) => {
    const before = await ruleCount();
    expectValidationProblem(await postRule(body), field);
    expect(await ruleCount()).toBe(before);
  });

  it("keeps a key bound to a project inside it: no other project, no monitors, no unbound rule", async () => {
    const other = await makeProject(admin);
    expectValidationProblem(await postRule({ name: unique("r"), kind: "run_failed", project: other.slug }, bound), "body.project");
    expectValidationProblem(await postRule({ name: unique("r"), kind: "run_failed" }, bound), "body.project");
    const res = await postRule({ name: unique("mine"), kind: "run_failed", project: slug }, bound);
    expect(res.status).toBe(201);
    const list = await call(listRulesRoute, "GET", "/api/v1/alert-rules", { key: bound.key });
    expect(list.json.data.every((r: { project: string }) => r.project === slug)).toBe(true);
  });

  it("checks a PATCH of params against the rule's kind", async () => {
    const created = await postRule({ name: unique("rate"), kind: "run_failure_rate", params: { windowSeconds: 3600, threshold: 0.5 } });
    expect(created.status).toBe(201);
    const res = await call(patchRuleRoute, "PATCH", `/api/v1/alert-rules/${created.json.id}`, { key: admin.key, params: { id: created.json.id }, body: { params: { windowSeconds: 10 } } });
    expectValidationProblem(res, "body.params.windowSeconds");
  });

  it("stops at ALERTS_MAX_RULES with 409", async () => {
    let last = 201;
    for (let i = 0; i < 10 && last === 201; i++) last = (await postRule({ name: unique("fill"), kind: "run_stuck", params: { queuedSeconds: 600 } })).status;
    const res = await postRule({ name: unique("over"), kind: "run_stuck", params: { queuedSeconds: 600 } });
    expectProblem(res, 409, "limit_exceeded");
    expect(await ruleCount()).toBe(8);
  });
});

describe("POST /api/v1/channels", () => {
  it.each([
    ["a URL that is not http(s)", { kind: "webhook", name: "x", url: "ftp://hooks.example/x" }, "body.url"],
    ["a recipient that is not an address", { kind: "email", name: "x", host: "smtp.example", from: "ops@example.com", to: ["not-an-address"] }, "body.to.0"],
    ["a local part over 64 characters", { kind: "email", name: "x", host: "smtp.example", from: `${"a".repeat(65)}@example.com`, to: ["a@example.com"] }, "body.from"],
    ["an unknown kind", { kind: "carrier-pigeon", name: "x" }, "body.kind"],
  ])("refuses %s with 400 naming the field", async (_what, body, field) => {
    expectValidationProblem(await call(createChannelRoute, "POST", "/api/v1/channels", { key: admin.key, body }), field);
  });

  it("refuses a key bound to a project (403): channels are an admin's", async () => {
    expectProblem(await call(createChannelRoute, "POST", "/api/v1/channels", { key: bound.key, body: { kind: "slack", name: unique("s"), url: "https://hooks.slack.test/x" } }), 403);
  });

  it("never returns or audits a secret: webhook URL tokens, SMTP passwords, routing keys", async () => {
    const secrets = ["T0KEN-in-the-slack-url-9f8e7d", "smtp-password-never-shown", "R0UTINGKEY-never-shown-0123456789"];
    const made = [
      await call(createChannelRoute, "POST", "/api/v1/channels", { key: admin.key, body: { kind: "slack", name: unique("slack"), url: `https://hooks.slack.test/services/${secrets[0]}` } }),
      await call(createChannelRoute, "POST", "/api/v1/channels", { key: admin.key, body: { kind: "email", name: unique("mail"), host: "smtp.example", user: "ops", password: secrets[1], from: "ops@example.com", to: ["oncall@example.com"] } }),
      await call(createChannelRoute, "POST", "/api/v1/channels", { key: admin.key, body: { kind: "pagerduty", name: unique("pd"), routingKey: secrets[2] } }),
    ];
    for (const m of made) expect(m.status, m.text).toBe(201);
    const listed = await call(listChannelsRoute, "GET", "/api/v1/channels", { key: admin.key });
    const answers = [...made.map((m) => m.text), listed.text].join("\n");
    const audit = JSON.stringify(await getDb().select().from(auditEvents));
    const stored = JSON.stringify(await getDb().select({ config: channels.config, hint: channels.secretHint, secret: channels.secret }).from(channels));
    for (const secret of secrets) {
      expect(answers).not.toContain(secret);
      expect(audit).not.toContain(secret);
      expect(stored, "sealed at rest").not.toContain(secret);
    }
    // …and they are really kept, for the adapters.
    const [row] = await getDb().select().from(channels).where((await import("drizzle-orm")).eq(channels.id, made[2]!.json.id));
    expect(channelSecret(row!).routingKey).toBe(secrets[2]);
  });
});

describe("incidents and silences", () => {
  it("lists incidents by status and refuses a second acknowledge with 409", async () => {
    const [incident] = await getDb().insert(incidents).values({ dedupKey: unique("k"), title: "api incident", severity: "critical", status: "open" }).returning();
    const active = await call(listIncidentsRoute, "GET", "/api/v1/incidents?status=active", { key: admin.key });
    expect(active.json.data.map((i: { id: string }) => i.id)).toContain(incident!.id);
    const first = await call(acknowledgeRoute, "POST", `/api/v1/incidents/${incident!.id}/acknowledge`, { key: admin.key, params: { id: incident!.id } });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ status: "acknowledged", timeline: [expect.objectContaining({ kind: "acknowledged" })] });
    expectProblem(await call(acknowledgeRoute, "POST", `/api/v1/incidents/${incident!.id}/acknowledge`, { key: admin.key, params: { id: incident!.id } }), 409);
    // Invisible to a key bound to a project (404, not 403).
    expectProblem(await call(acknowledgeRoute, "POST", `/api/v1/incidents/${incident!.id}/acknowledge`, { key: bound.key, params: { id: incident!.id } }), 404);
  });

  it("refuses a silence without an end, or with a matcher whose regular expression does not compile", async () => {
    expectValidationProblem(await call(createSilenceRoute, "POST", "/api/v1/silences", { key: admin.key, body: { matchers: [{ label: "project", value: "x" }] } }));
    expectValidationProblem(await call(createSilenceRoute, "POST", "/api/v1/silences", { key: admin.key, body: { matchers: [{ label: "route", op: "=~", value: "(" }], endsAt: new Date(Date.now() + 60_000).toISOString() } }));
  });
});

describe("monitors as API objects", () => {
  it("creates and changes a monitor by key, refuses a bound key, and refuses credentials in the URL", async () => {
    const created = await call(createMonitorRoute, "POST", "/api/v1/monitors", { key: admin.key, body: { name: unique("api"), url: "http://127.0.0.1:9/health", intervalSeconds: 30, enabled: false } });
    expect(created.status).toBe(201);
    const patched = await call(patchMonitorRoute, "PATCH", `/api/v1/monitors/${created.json.id}`, { key: admin.key, params: { id: created.json.id }, body: { intervalSeconds: 60 } });
    expect(patched.json).toMatchObject({ intervalSeconds: 60, name: created.json.name });
    expectProblem(await call(createMonitorRoute, "POST", "/api/v1/monitors", { key: bound.key, body: { name: unique("b"), url: "http://127.0.0.1:9/" } }), 403);
    expectValidationProblem(await call(createMonitorRoute, "POST", "/api/v1/monitors", { key: admin.key, body: { name: unique("c"), url: "http://user:pw@127.0.0.1:9/" } }), "body.url");
  });
});
