import { describe, expect, it } from "vitest";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { explainQuery, type ExplainOutcome } from "@/lib/queries/explain";
import { flushSlowQueries } from "@/lib/queries/flush";
import { SlowQueryRecorder } from "@/lib/queries/recorder";
import { identifySqlAsync } from "@/lib/queries/sql-text";
import { getPool } from "@/lib/db/client";
import { auditEventsFor, expectAuditChainIntact, makeKey, makeProject } from "./support/api";
import { userAccess } from "./support/users";

/** Records a statement the way a slow query would be, and returns its fingerprint. */
async function recorded(text: string): Promise<string> {
  const recorder = new SlowQueryRecorder(0);
  recorder.observe({ text, durationMs: 150, route: "/tests", requestId: null, at: Date.now() });
  await flushSlowQueries(recorder);
  return (await identifySqlAsync(text)).fingerprint;
}

async function serverVersionNum(): Promise<number> {
  const { rows } = await getPool().query<{ v: number }>("SELECT current_setting('server_version_num')::int AS v");
  return rows[0]!.v;
}

const planOf = (outcome: ExplainOutcome) => {
  if (!outcome.ok) throw new Error(`expected a plan, got ${outcome.errorClass}`);
  return outcome.plan;
};

describe("EXPLAIN of a recorded query", () => {
  it("refuses a viewer and an operator with an audited 403", async () => {
    const fingerprint = await recorded("SELECT count(*) FROM runs");
    for (const role of ["viewer", "operator"] as const) {
      const access = await userAccess(role);
      await expect(explainQuery(access, { source: "recorded", fingerprint })).rejects.toBeInstanceOf(ForbiddenError);
      const denials = (await auditEventsFor("authz.denied")).filter((e) => e.actorId === (access.principal.kind === "user" ? access.principal.user.id : ""));
      expect(denials).toHaveLength(1);
      expect(denials[0]!.changes).toMatchObject({ required: "admin", role });
    }
    expect(await auditEventsFor("query.explain")).toHaveLength(0);
  });

  it("gives an admin a plan tree with the costliest node marked, and audits it", async () => {
    const admin = await userAccess("admin");
    const fingerprint = await recorded("SELECT r.id FROM runs r JOIN projects p ON p.id = r.project_id ORDER BY r.created_at DESC");
    const plan = planOf(await explainQuery(admin, { source: "recorded", fingerprint }));
    expect(plan.analyzed).toBe(false);
    expect(plan.root.totalCost).toBeGreaterThan(0);
    const ids: number[] = [];
    const visit = (n: typeof plan.root) => (ids.push(n.id), n.children.forEach(visit));
    visit(plan.root);
    expect(ids.length).toBeGreaterThan(1);
    expect(ids).toContain(plan.costliestId);
    const events = await auditEventsFor("query.explain", fingerprint);
    expect(events).toHaveLength(1);
    expect(events[0]!.changes).toMatchObject({ analyze: false, outcome: "plan" });
    await expectAuditChainIntact();
  });

  it("runs ANALYZE only when asked, and reports actual times", async () => {
    const admin = await userAccess("admin");
    const fingerprint = await recorded("SELECT count(*) FROM runs");
    const plan = planOf(await explainQuery(admin, { source: "recorded", fingerprint }, { analyze: true }));
    expect(plan.analyzed).toBe(true);
    expect(plan.executionMs).not.toBeNull();
    expect(plan.root.actualRows).toBe(1);
  });

  it("plans a statement with $n parameters generically on PostgreSQL 16+, and says why not on older servers", async () => {
    const admin = await userAccess("admin");
    const fingerprint = await recorded("SELECT id, name FROM projects WHERE slug = 'some-slug' LIMIT 5");
    const target = { source: "recorded" as const, fingerprint };
    if ((await serverVersionNum()) >= 160000) {
      expect(planOf(await explainQuery(admin, target)).root.nodeType).toBe("Limit");
    } else {
      await expect(explainQuery(admin, target)).rejects.toThrow(/PostgreSQL 16/);
    }
    // ANALYZE would need values for the parameters: refused on every version.
    await expect(explainQuery(admin, target, { analyze: true })).rejects.toThrow(/parameters/);
  });

  it("refuses data-modifying statements, with or without ANALYZE", async () => {
    const admin = await userAccess("admin");
    for (const text of [
      "UPDATE projects SET name = 'x' WHERE slug = 'y'",
      "WITH gone AS (DELETE FROM runs RETURNING id) SELECT count(*) FROM gone",
      "SELECT * INTO projects_copy FROM projects",
      "SELECT id FROM projects FOR UPDATE",
      "SELECT 1; DELETE FROM projects",
    ]) {
      const fingerprint = await recorded(text);
      for (const analyze of [false, true]) {
        const outcome = explainQuery(admin, { source: "recorded", fingerprint }, { analyze });
        await expect(outcome, text).rejects.toBeInstanceOf(ValidationError);
      }
    }
    const { rows } = await getPool().query("SELECT to_regclass('projects_copy') AS t");
    expect(rows[0].t).toBeNull();
    const outcomes = (await auditEventsFor("query.explain")).map((e) => (e.changes as { outcome: string }).outcome);
    expect(outcomes.filter((o) => o === "refused:not_select").length).toBeGreaterThanOrEqual(10);
  });

  it("refuses ANALYZE of a SELECT that calls a function with effects outside the transaction", async () => {
    const admin = await userAccess("admin");
    const fingerprint = await recorded("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = current_user");
    await expect(explainQuery(admin, { source: "recorded", fingerprint }, { analyze: true })).rejects.toThrow(/pg_terminate_backend/);
  });

  it("reports a failing statement by its SQLSTATE class without echoing row data", async () => {
    const admin = await userAccess("admin");
    const key = await makeKey();
    await makeProject(key, "leaky-row-value-7731");
    const fingerprint = await recorded("SELECT slug::int FROM projects");
    const outcome = await explainQuery(admin, { source: "recorded", fingerprint }, { analyze: true });
    expect(outcome).toMatchObject({ ok: false, errorClass: "data_exception", sqlstate: "22P02" });
    expect(JSON.stringify(outcome)).not.toContain("leaky-row-value");
    const events = await auditEventsFor("query.explain", fingerprint);
    expect(events[0]!.changes).toMatchObject({ outcome: "error:data_exception" });
    expect(JSON.stringify(events)).not.toContain("leaky-row-value");
  });

  it("answers 404 for a fingerprint that was never recorded", async () => {
    const admin = await userAccess("admin");
    await expect(explainQuery(admin, { source: "recorded", fingerprint: "0000000000000000" })).rejects.toThrow(/not found/);
  });
});

describe("demo slow queries", () => {
  it("seeds recorded statements that list with routes and that an admin can explain", async () => {
    const { seedDemo } = await import("@/lib/demo/seed");
    const { getDb } = await import("@/lib/db/client");
    const { listRecordedQueries } = await import("@/lib/queries/recorded");
    await seedDemo(getDb(), { demo: true, runs: 50 });
    const admin = await userAccess("admin");
    const listed = await listRecordedQueries(admin, { from: new Date(Date.now() - 14 * 86_400_000), to: new Date(Date.now() + 3_600_000) });
    const demo = listed.filter((q) => q.routes.some((r) => r.route.startsWith("/api/v1/") || r.route === "/"));
    expect(demo.length).toBeGreaterThanOrEqual(4);
    for (const q of demo) {
      expect(q.calls).toBeGreaterThan(100);
      expect(q.p95Ms).toBeGreaterThan(q.meanMs * 0.5);
      expect(q.query).not.toContain("00000000-0000");
    }
    const selects = demo.filter((q) => q.query.toLowerCase().startsWith("select"));
    expect(selects.length).toBeGreaterThanOrEqual(3);
    if ((await serverVersionNum()) >= 160000) {
      for (const q of selects) expect((await explainQuery(admin, { source: "recorded", fingerprint: q.fingerprint })).ok, q.query).toBe(true);
    }
    const insert = demo.find((q) => q.query.toLowerCase().startsWith("insert"))!;
    await expect(explainQuery(admin, { source: "recorded", fingerprint: insert.fingerprint })).rejects.toBeInstanceOf(ValidationError);
  });
});
