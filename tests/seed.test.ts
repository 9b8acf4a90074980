import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/verify";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { getDb } from "@/lib/db/client";
import { alertRuleCreateSchema } from "@/lib/alerts/schemas";
import { channelSecret } from "@/lib/channels/store";
import { alertRules, auditEvents, channels, deliveries, incidentEvents, incidents, projects, runs, users } from "@/lib/db/schema";
import { DEMO_CHANNEL_URL } from "@/lib/demo/seed-alerts";
import { findDemoUsers } from "@/lib/demo/guard";
import { DEMO_PASSWORD, DEMO_USERS, DemoModeRequiredError, seedDemo, type SeedResult } from "@/lib/demo/seed";

const rows = async <T>(query: ReturnType<typeof sql>) => (await getDb().execute(query)).rows as T[];

// One seed for the file (the tests read it), taken at a fixed instant so "the last hour" is exact.
const now = new Date();
let first: SeedResult;
let seedMs = 0;

describe("seedDemo", () => {
  beforeAll(async () => {
    await expect(seedDemo(getDb(), { demo: false })).rejects.toBeInstanceOf(DemoModeRequiredError);
    const started = performance.now();
    first = await seedDemo(getDb(), { demo: true, now });
    seedMs = performance.now() - started;
    console.info(`[seed] ${JSON.stringify(first)} in ${Math.round(seedMs)} ms`);
  });

  it("refuses to run outside demo mode, and wrote nothing when it refused", async () => {
    // beforeAll asserted the refusal; the only rows are the ones the real seed wrote.
    expect(await getDb().$count(auditEvents, eq(auditEvents.action, "system.seed"))).toBe(1);
  });

  it("creates the three demo users with the demo password and their roles", async () => {
    const found = await getDb().select().from(users);
    expect(found.map((u) => [u.email, u.role]).sort()).toEqual(DEMO_USERS.map((u) => [u.email, u.role]).sort());
    for (const u of found) expect(await verifyPassword(u.passwordHash!, DEMO_PASSWORD)).toBe(true);
  });

  it("creates about ten projects with descriptions, one of them archived", async () => {
    const all = await getDb().select().from(projects);
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(all.length).toBeLessThanOrEqual(12);
    expect(all.every((p) => p.description.length > 20)).toBe(true);
    expect(all.filter((p) => p.archivedAt).map((p) => p.slug)).toHaveLength(1);
    expect(all.map((p) => p.slug)).toEqual(expect.arrayContaining(["api-gateway", "billing-service", "web-frontend"]));
  });

  it("creates at least 3000 runs of every kind and status, mostly succeeded", async () => {
    expect(first).toMatchObject({ skipped: false });
    const byStatus = Object.fromEntries(
      (await rows<{ status: string; n: number }>(sql`SELECT status, count(*)::int AS n FROM runs GROUP BY status`)).map((r) => [r.status, r.n]),
    );
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(3000);
    for (const status of ["queued", "running", "succeeded", "failed", "cancelled"]) expect(byStatus[status]).toBeGreaterThan(0);
    expect(byStatus.succeeded! / total).toBeGreaterThan(0.7);
    expect(byStatus.failed).toBeGreaterThan(byStatus.cancelled!);
    const kinds = await rows<{ kind: string }>(sql`SELECT DISTINCT kind FROM runs ORDER BY kind`);
    expect(kinds.map((k) => k.kind)).toEqual(["agent", "ci", "deploy", "scheduled"]);
  });

  it("keeps times consistent with status, within the last 14 days, queued and running only in the last hour", async () => {
    const bad = await rows<{ id: string; status: string }>(sql`
      SELECT id, status FROM runs WHERE NOT (
        created_at <= ${now.toISOString()}::timestamptz AND created_at > ${now.toISOString()}::timestamptz - interval '14 days 1 hour'
        AND (started_at IS NULL OR started_at >= created_at)
        AND (finished_at IS NULL OR finished_at >= coalesce(started_at, created_at))
        AND (finished_at IS NULL OR finished_at <= ${now.toISOString()}::timestamptz)
        AND CASE status
          WHEN 'queued' THEN started_at IS NULL AND finished_at IS NULL
          WHEN 'running' THEN started_at IS NOT NULL AND finished_at IS NULL
          WHEN 'cancelled' THEN finished_at IS NOT NULL
          ELSE started_at IS NOT NULL AND finished_at IS NOT NULL END
        AND (status NOT IN ('queued', 'running') OR created_at > ${now.toISOString()}::timestamptz - interval '1 hour')
      )`);
    expect(bad).toEqual([]);
  });

  it("gives runs realistic names, external ids and metadata", async () => {
    const sample = await getDb().select().from(runs).limit(200);
    for (const run of sample) {
      expect(run.name).toMatch(/^(build|e2e|terraform plan) #\d+$|^deploy |^release |^terraform apply |^agent: |^[a-z]/);
      expect(run.externalId).toBeTruthy();
      expect(run.metadata).toMatchObject({ branch: expect.any(String), commit: expect.stringMatching(/^[0-9a-f]{40}$/), trigger: expect.any(String) });
    }
    const ci = await rows<{ secs: number }>(sql`
      SELECT extract(epoch FROM finished_at - started_at)::int AS secs FROM runs
      WHERE kind = 'ci' AND status = 'succeeded'`);
    expect(Math.min(...ci.map((r) => r.secs))).toBeGreaterThanOrEqual(60);
    expect(Math.max(...ci.map((r) => r.secs))).toBeLessThanOrEqual(15 * 60);
  });

  it("links retries to an earlier failed run in the same project, in chains", async () => {
    const retries = await rows<{ ok: boolean; attempt: number }>(sql`
      SELECT o.status = 'failed' AND o.project_id = r.project_id AND o.finished_at <= r.created_at AS ok,
             (r.metadata->>'attempt')::int AS attempt
      FROM runs r JOIN runs o ON o.id = r.retry_of`);
    expect(retries.length).toBeGreaterThanOrEqual(5);
    expect(retries.every((r) => r.ok)).toBe(true);
    expect(retries.some((r) => r.attempt === 3)).toBe(true);
  });

  it("marks a few running runs as cancel-requested", async () => {
    const [r] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM runs WHERE status = 'running' AND cancel_requested_at IS NOT NULL`);
    expect(r!.n).toBeGreaterThanOrEqual(1);
    expect(r!.n).toBeLessThanOrEqual(5);
  });

  it("writes 5–40 log lines with contiguous seq per started run; failed runs end with an error line", async () => {
    const perRun = await rows<{ status: string; n: number; max_seq: number; last_level: string; monotonic: boolean }>(sql`
      SELECT r.status, count(l.seq)::int AS n, max(l.seq)::int AS max_seq,
        (array_agg(l.level ORDER BY l.seq DESC))[1] AS last_level,
        bool_and(l.ts >= r.started_at) AS monotonic
      FROM runs r JOIN run_logs l ON l.run_id = r.id GROUP BY r.id, r.status`);
    const [{ started }] = await rows<{ started: number }>(sql`SELECT count(*)::int AS started FROM runs WHERE started_at IS NOT NULL`) as [{ started: number }];
    expect(perRun.length).toBe(started);
    expect(perRun.every((r) => r.n === r.max_seq && r.n >= 5 && r.n <= 40 && r.monotonic)).toBe(true);
    expect(perRun.filter((r) => r.status === "failed").every((r) => r.last_level === "error")).toBe(true);
    expect(first.skipped === false && first.logLines).toBe(perRun.reduce((a, r) => a + r.n, 0));
    const levels = await rows<{ level: string }>(sql`SELECT DISTINCT level FROM run_logs ORDER BY level`);
    expect(levels.map((l) => l.level)).toEqual(["error", "info", "warn"]);
    const [{ unfilled }] = await rows<{ unfilled: number }>(sql`SELECT count(*)::int AS unfilled FROM run_logs WHERE message LIKE '%{%}%'`) as [{ unfilled: number }];
    expect(unfilled).toBe(0);
  });

  it("seeds a few alert rules, a webhook channel at an unreachable address with failed deliveries, and one resolved and one open incident", async () => {
    const rules = await getDb().select().from(alertRules);
    expect(rules.length).toBeGreaterThanOrEqual(3);
    for (const rule of rules) expect(() => alertRuleCreateSchema.parse({ name: rule.name, kind: rule.kind, params: rule.params })).not.toThrow();
    const [channel, ...others] = await getDb().select().from(channels);
    expect(others).toEqual([]);
    expect(channel).toMatchObject({ kind: "webhook", enabled: true });
    expect(channelSecret(channel!)).toMatchObject({ url: DEMO_CHANNEL_URL, signingSecret: expect.stringMatching(/^whsec_/) });
    expect(channel!.secret).not.toContain("127.0.0.1");
    expect(rules.every((r) => r.channelIds.includes(channel!.id))).toBe(true);

    const seeded = await getDb().select().from(incidents);
    expect(seeded.map((i) => i.status).sort()).toEqual(["open", "resolved"]);
    const failed = await getDb().select().from(deliveries).where(eq(deliveries.channelId, channel!.id));
    expect(failed.map((d) => d.status).sort()).toEqual(["dead", "pending"]);
    expect(failed.every((d) => d.lastErrorClass === "connection" && d.attempts > 0)).toBe(true);
    const timeline = await getDb().select().from(incidentEvents);
    for (const incident of seeded) expect(timeline.filter((e) => e.incidentId === incident.id && e.kind === "delivery_failed").length).toBeGreaterThan(0);
    expect(timeline.filter((e) => e.kind === "acknowledged").map((e) => e.actorLabel)).toEqual(["operator@example.com"]);
  });

  it("records one system.seed event by the CLI, and the audit chain still verifies", async () => {
    const seeds = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "system.seed"));
    expect(seeds).toHaveLength(1);
    expect(seeds[0]).toMatchObject({ actorType: "system", actorLabel: "cli" });
    expect(await verifyAuditChain(getDb())).toMatchObject({ ok: true });
  });

  it("does nothing the second time, and says so", async () => {
    const before = await getDb().$count(runs);
    const second = await seedDemo(getDb(), { demo: true });
    expect(second).toEqual({ skipped: true, reason: expect.stringContaining("admin@example.com") });
    expect(await getDb().$count(runs)).toBe(before);
  });
});

describe("findDemoUsers", () => {
  it("lists the demo accounts that still accept the demo password", async () => {
    expect(await findDemoUsers(getDb())).toEqual(["admin@example.com", "operator@example.com", "viewer@example.com"]);
  });

  it("leaves out a demo account whose password was changed, or that was disabled", async () => {
    await getDb().update(users).set({ passwordHash: await hashPassword("a-real-secret-now") }).where(eq(users.email, "admin@example.com"));
    await getDb().update(users).set({ disabledAt: new Date() }).where(eq(users.email, "viewer@example.com"));
    expect(await findDemoUsers(getDb())).toEqual(["operator@example.com"]);
  });
});
