import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { registeredActions } from "@/lib/actions/define";
import "@/app/(console)/projects/actions";
import { getDb } from "@/lib/db/client";
import { projects, runs, type Role } from "@/lib/db/schema";
import { ForbiddenError } from "@/lib/errors";
import { updateProject } from "@/lib/projects/mutations";
import { listProjectsWithRunSummary } from "@/lib/projects/summaries";
import { cancelRun } from "@/lib/runs/cancel";
import { createRun } from "@/lib/runs/create";
import { retryRun } from "@/lib/runs/retry";
import { getProjectRunStats } from "@/lib/runs/stats";
import { patchRun } from "@/lib/runs/update";
import { auditEventsFor, expectAuditChainIntact, makeKey, makeProject, unique, type TestKey } from "./support/api";
import { signedInUser } from "./support/users";

// What the console's projects pages and actions rely on: the cached KPI aggregate and
// per-project summaries (and their invalidation by run writes), and the domain functions
// behind the server actions called with a signed-in user's session.

let admin: TestKey;
beforeAll(async () => {
  admin = await makeKey();
});

/** A real user with an open session, as the pages and actions see them. */
const sessionAs = async (role: Role) => (await signedInUser(role, "github")).ctx;

/** A finished run of `seconds` duration: created through the API functions, then timed. */
async function finishedRun(slug: string, status: "succeeded" | "failed" | "cancelled", seconds: number): Promise<string> {
  const run = await createRun(admin.access, slug, { name: `${status} ${seconds}s`, status: "running" });
  await patchRun(admin.access, run.id, { status });
  await getDb().execute(sql`UPDATE runs SET started_at = finished_at - make_interval(secs => ${seconds}) WHERE id = ${run.id}`);
  return run.id;
}

const statusOf = async (id: string) => (await getDb().select({ status: runs.status, cancel: runs.cancelRequestedAt }).from(runs).where(eq(runs.id, id)))[0]!;

describe("getProjectRunStats (the project page's KPIs)", () => {
  it("counts the last 24 hours, leaves cancelled runs out of the success rate, and gives duration percentiles", async () => {
    const { slug } = await makeProject(admin);
    for (let s = 1; s <= 9; s++) await finishedRun(slug, "succeeded", s);
    await finishedRun(slug, "failed", 10);
    await finishedRun(slug, "cancelled", 100);
    await createRun(admin.access, slug, { name: "waiting" });
    // An old run is outside the window.
    const old = await finishedRun(slug, "failed", 50);
    await getDb().execute(sql`UPDATE runs SET created_at = now() - interval '25 hours' WHERE id = ${old}`);

    const viewer = await sessionAs("viewer");
    const stats = await getProjectRunStats(viewer, slug);
    expect(stats).toMatchObject({ total: 12, succeeded: 9, failed: 1, successRate: 0.9 });
    // percentile_cont over 1…10 s and 100 s: p50 = 6 s, p95 = 10 s + 0.5 × 90 s = 55 s.
    expect(stats.p50Ms).toBe(6_000);
    expect(stats.p95Ms).toBe(55_000);
  });

  it("answers from the cache until a run write to the project invalidates it", async () => {
    const { slug, id: projectId } = await makeProject(admin);
    const first = await finishedRun(slug, "succeeded", 5);
    const before = await getProjectRunStats(admin.access, slug);
    expect(before.total).toBe(1);

    // A row written behind the domain's back invalidates nothing: the cached figures stay.
    await getDb().insert(runs).values({ projectId, name: "sneaked in", status: "failed", startedAt: new Date(), finishedAt: new Date() });
    expect(await getProjectRunStats(admin.access, slug)).toEqual(before);

    // Each run write through the domain drops the entry: create, patch, cancel, retry.
    const queued = await createRun(admin.access, slug, { name: "new" });
    const afterCreate = await getProjectRunStats(admin.access, slug);
    expect(afterCreate.total).toBe(3);
    expect(afterCreate.failed).toBe(1);

    await cancelRun(admin.access, queued.id);
    await retryRun(admin.access, first);
    expect((await getProjectRunStats(admin.access, slug)).total).toBe(4);

    const running = await createRun(admin.access, slug, { name: "will fail", status: "running" });
    await getProjectRunStats(admin.access, slug);
    await patchRun(admin.access, running.id, { status: "failed" });
    expect(await getProjectRunStats(admin.access, slug)).toMatchObject({ total: 5, failed: 2, succeeded: 1 });
  });

  it("refuses a key without runs:read (audited) and hides another project from a bound key", async () => {
    const { slug } = await makeProject(admin);
    const other = await makeProject(admin);
    const noRuns = await makeKey({ scopes: ["projects:read"] });
    await expect(getProjectRunStats(noRuns.access, slug)).rejects.toBeInstanceOf(ForbiddenError);
    const denials = await auditEventsFor("authz.denied", `project:${slug}`);
    expect(denials.at(-1)).toMatchObject({ actorId: noRuns.id, changes: { required: "runs:read" } });
    const bound = await makeKey({ project: other.slug });
    await expect(getProjectRunStats(bound.access, slug)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("listProjectsWithRunSummary (the /projects list)", () => {
  it("gives each project on the page its run counts and last run, refreshed by a run write", async () => {
    const tag = unique("sum");
    const quiet = await makeProject(admin, `${tag}-quiet`);
    const busy = await makeProject(admin, `${tag}-busy`);
    await finishedRun(busy.slug, "failed", 3);
    const last = await createRun(admin.access, busy.slug, { name: "latest" });

    const viewer = await sessionAs("viewer");
    const page = await listProjectsWithRunSummary(viewer, { q: tag, status: "active" }, { limit: 10 });
    const bySlug = Object.fromEntries(page.data.map((p) => [p.slug, p.runs]));
    expect(bySlug[quiet.slug]).toEqual({ runsTotal: 0, runs24h: 0, failed24h: 0, lastRun: null });
    expect(bySlug[busy.slug]).toMatchObject({ runsTotal: 2, runs24h: 2, failed24h: 1, lastRun: { id: last.id, name: "latest", status: "queued" } });

    const newer = await createRun(admin.access, quiet.slug, { name: "first run" });
    const again = await listProjectsWithRunSummary(viewer, { q: tag, status: "active" }, { limit: 10 });
    expect(again.data.find((p) => p.slug === quiet.slug)!.runs).toMatchObject({ runsTotal: 1, lastRun: { id: newer.id } });
  });

  it("filters by status and walks pages by cursor", async () => {
    const tag = unique("pg");
    for (let i = 0; i < 3; i++) await makeProject(admin, `${tag}-${i}`);
    await updateProject(admin.access, `${tag}-1`, { archived: true });
    const viewer = await sessionAs("viewer");
    const first = await listProjectsWithRunSummary(viewer, { q: tag, status: "active" }, { limit: 1 });
    const second = await listProjectsWithRunSummary(viewer, { q: tag, status: "active" }, { limit: 1, cursor: first.nextCursor! });
    expect([...first.data, ...second.data].map((p) => p.slug)).toEqual([`${tag}-2`, `${tag}-0`]);
    expect(second.nextCursor).toBeNull();
    const archived = await listProjectsWithRunSummary(viewer, { q: tag, status: "archived" }, { limit: 10 });
    expect(archived.data.map((p) => p.slug)).toEqual([`${tag}-1`]);
  });
});

describe("the console's actions, as their domain functions see a session user", () => {
  it("declares cancel and retry for operators and archive for admins", () => {
    const byName = Object.fromEntries(registeredActions().map((a) => [a.name, a]));
    expect(byName["run.cancel"]).toMatchObject({ scope: "runs:write", minRole: "operator" });
    expect(byName["run.retry"]).toMatchObject({ scope: "runs:write", minRole: "operator" });
    expect(byName["project.archive"]).toMatchObject({ scope: "projects:write", minRole: "admin" });
  });

  it("refuses a viewer's cancel and retry, audits each denial, and changes nothing", async () => {
    const { slug } = await makeProject(admin);
    const queued = await createRun(admin.access, slug, { name: "queued" });
    const failed = await finishedRun(slug, "failed", 2);
    const viewer = await sessionAs("viewer");
    const user = viewer.principal.kind === "user" ? viewer.principal.user : null;

    await expect(cancelRun(viewer, queued.id)).rejects.toMatchObject({ code: "insufficient_scope" });
    await expect(retryRun(viewer, failed)).rejects.toMatchObject({ code: "insufficient_scope" });
    expect((await statusOf(queued.id)).status).toBe("queued");
    expect(await getDb().$count(runs, eq(runs.retryOf, failed))).toBe(0);
    const denials = [...(await auditEventsFor("authz.denied", `run:${queued.id}`)), ...(await auditEventsFor("authz.denied", `run:${failed}`))];
    expect(denials).toHaveLength(2);
    for (const d of denials) expect(d).toMatchObject({ actorType: "user", actorId: user!.id, changes: { required: "runs:write", role: "viewer" } });
    await expectAuditChainIntact();
  });

  it("lets an operator cancel a queued run, request cancellation of a running one, and retry a failed one, each audited", async () => {
    const { slug } = await makeProject(admin);
    const operator = await sessionAs("operator");
    const actorId = operator.principal.kind === "user" ? operator.principal.user.id : "";

    const queued = await createRun(admin.access, slug, { name: "queued" });
    expect(await cancelRun(operator, queued.id)).toMatchObject({ outcome: "cancelled", run: { status: "cancelled" } });
    expect((await auditEventsFor("run.cancel", queued.id))[0]).toMatchObject({ actorId, changes: { status: { from: "queued", to: "cancelled" } } });

    const running = await createRun(admin.access, slug, { name: "running", status: "running" });
    expect(await cancelRun(operator, running.id)).toMatchObject({ outcome: "cancel_requested", run: { status: "running" } });
    expect((await statusOf(running.id)).cancel).not.toBeNull();
    expect((await auditEventsFor("run.cancel_request", running.id))[0]).toMatchObject({ actorId });
    // A second request conflicts instead of writing another event.
    await expect(cancelRun(operator, running.id)).rejects.toMatchObject({ code: "conflict" });
    expect(await auditEventsFor("run.cancel_request", running.id)).toHaveLength(1);

    const failed = await finishedRun(slug, "failed", 4);
    const retry = await retryRun(operator, failed);
    expect(retry).toMatchObject({ status: "queued", retryOf: failed });
    expect((await auditEventsFor("run.retry", failed))[0]).toMatchObject({ actorId, changes: { retryRunId: retry.id, retryOf: failed } });
    await expectAuditChainIntact();
  });

  it("settles two concurrent cancels of one queued run: one cancels, the other is told it was cancelled already, one audit event", async () => {
    const { slug } = await makeProject(admin);
    const operator = await sessionAs("operator");
    for (let round = 0; round < 5; round++) {
      const queued = await createRun(admin.access, slug, { name: `race ${round}` });
      const outcomes = await Promise.all([cancelRun(operator, queued.id), cancelRun(operator, queued.id)]);
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(["already_cancelled", "cancelled"]);
      for (const o of outcomes) expect(o.run).toMatchObject({ id: queued.id, status: "cancelled" });
      expect(await auditEventsFor("run.cancel", queued.id)).toHaveLength(1);
    }
    await expectAuditChainIntact();
  });

  it("lets only an admin archive and unarchive a project, with before/after in the audit event", async () => {
    const { slug, id } = await makeProject(admin);
    const operator = await sessionAs("operator");
    await expect(updateProject(operator, slug, { archived: true })).rejects.toMatchObject({ code: "insufficient_scope" });
    expect((await auditEventsFor("authz.denied", `project:${slug}`)).at(-1)).toMatchObject({ changes: { required: "projects:write", role: "operator" } });

    const adminUser = await sessionAs("admin");
    expect(await updateProject(adminUser, slug, { archived: true })).toMatchObject({ archived: true });
    expect((await auditEventsFor("project.archive", id))[0]).toMatchObject({ actorType: "user", changes: { archived: { from: false, to: true } } });
    await expect(createRun(admin.access, slug, { name: "refused" })).rejects.toMatchObject({ code: "conflict" });
    expect(await updateProject(adminUser, slug, { archived: false })).toMatchObject({ archived: false });
    expect((await auditEventsFor("project.unarchive", id))[0]).toMatchObject({ changes: { archived: { from: true, to: false } } });
    const [row] = await getDb().select().from(projects).where(eq(projects.id, id));
    expect(row!.archivedAt).toBeNull();
  });
});
