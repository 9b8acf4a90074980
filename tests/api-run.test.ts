import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getRunRoute, PATCH as patchRunRoute } from "@/app/api/v1/runs/[id]/route";
import { getDb } from "@/lib/db/client";
import { runs, runStatusEnum, type RunStatus } from "@/lib/db/schema";
import { runDetailSchema, runSchema } from "@/lib/runs/dto";
import { createRun } from "@/lib/runs/create";
import { TRANSITIONS } from "@/lib/runs/state-machine";
import { patchRun } from "@/lib/runs/update";
import { auditEventsFor, call, expectAuditChainIntact, expectProblem, expectValidationProblem, makeKey, makeProject, type TestKey } from "./support/api";

let admin: TestKey;
let slug: string;
beforeAll(async () => {
  admin = await makeKey();
  slug = (await makeProject(admin)).slug;
});

const get = (id: string, headers: Record<string, string> = {}) => call(getRunRoute, "GET", `/api/v1/runs/${id}`, { key: admin.key, params: { id }, headers });
const patch = (id: string, body: unknown) => call(patchRunRoute, "PATCH", `/api/v1/runs/${id}`, { key: admin.key, params: { id }, body });
const row = async (id: string) => (await getDb().select().from(runs).where(eq(runs.id, id)))[0]!;

/** A run brought to `status` through legal moves. */
async function runIn(status: RunStatus): Promise<string> {
  const run = await createRun(admin.access, slug, { name: `in ${status}`, status: status === "queued" ? "queued" : "running" });
  if (status !== "queued" && status !== "running") await patchRun(admin.access, run.id, { status });
  return run.id;
}

const STATUSES = runStatusEnum.enumValues;
// Same-status PATCHes of an active run are idempotent no-ops, not moves.
const isNoOp = (from: RunStatus, to: RunStatus) => from === to && (from === "queued" || from === "running");
const ILLEGAL = STATUSES.flatMap((from) => STATUSES.filter((to) => !TRANSITIONS[from].includes(to) && !isNoOp(from, to)).map((to) => [from, to] as const));
const LEGAL = STATUSES.flatMap((from) => TRANSITIONS[from].map((to) => [from, to] as const));

describe("GET /api/v1/runs/{id}", () => {
  it("answers the run with its project slug, and 304 to its ETag", async () => {
    const id = await runIn("running");
    const res = await get(id);
    expect(res.status).toBe(200);
    expect(runDetailSchema.parse(res.json)).toMatchObject({ id, projectSlug: slug, status: "running" });
    expect((await get(id, { "if-none-match": res.headers.get("etag")! })).status).toBe(304);
  });

  it("answers 404 to an unknown id and 400 (not 500) to a malformed one", async () => {
    expectProblem(await get("3fa85f64-5717-4562-b3fc-2c963f66afa6"), 404, "not_found");
    for (const bad of ["123", "3fa85f64-5717-4562-b3fc-2c963f66afa", "'; select 1; --"]) expectValidationProblem(await get(bad), "path.id");
  });
});

describe("PATCH /api/v1/runs/{id} status state machine", () => {
  it("covers every pair: legal moves plus illegal ones plus no-ops", () => {
    expect(LEGAL.length + ILLEGAL.length + 2).toBe(STATUSES.length ** 2);
  });

  it.each(ILLEGAL)("answers 409 with the allowed moves for %s → %s, and leaves the row unchanged", async (from, to) => {
    const id = await runIn(from);
    const before = await row(id);
    const res = await patch(id, { status: to, name: "should not stick" });
    expectProblem(res, 409, "conflict");
    expect(res.json).toMatchObject({ from, to, allowed: [...TRANSITIONS[from]] });
    expect(await row(id)).toEqual(before);
  });

  it.each(LEGAL)("moves %s → %s and stamps its timestamps", async (from, to) => {
    const id = await runIn(from);
    const before = await row(id);
    const res = await patch(id, { status: to });
    expect(res.status, res.text).toBe(200);
    const run = runSchema.parse(res.json);
    expect(run.status).toBe(to);
    if (to === "running") {
      expect(run.startedAt).toEqual(expect.any(String));
      expect(run.finishedAt).toBeNull();
    } else {
      expect(run.finishedAt).toEqual(expect.any(String));
      // A queued run cancelled before it ran never started.
      expect(run.startedAt).toBe(before.startedAt?.toISOString() ?? null);
      expect(run.durationMs).toBe(before.startedAt ? new Date(run.finishedAt!).getTime() - before.startedAt.getTime() : null);
    }
    const action = to === "cancelled" ? "run.cancel" : "run.update";
    const events = (await auditEventsFor(action, id)).filter((e) => (e.changes as { status?: unknown }).status);
    expect(events.at(-1)?.changes).toMatchObject({ status: { from, to } });
    expect(events.at(-1)?.actorId).toBe(admin.id);
  });

  it.each(["queued", "running"] as const)("treats %s → itself as a no-op: 200, nothing written", async (status) => {
    const id = await runIn(status);
    const before = await row(id);
    const res = await patch(id, { status });
    expect(res.status).toBe(200);
    expect(await row(id)).toEqual(before);
  });

  it("lets only one of two concurrent movers win", async () => {
    const id = await runIn("running");
    const results = await Promise.all([patch(id, { status: "succeeded" }), patch(id, { status: "failed" })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!.json.status;
    expect((await row(id)).status).toBe(winner);
  });
});

describe("PATCH /api/v1/runs/{id} other fields", () => {
  it("renames and replaces metadata, auditing run.update", async () => {
    const id = await runIn("queued");
    const res = await patch(id, { name: "renamed", metadata: { attempt: 2 } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: "renamed", metadata: { attempt: 2 }, status: "queued" });
    const [event] = await auditEventsFor("run.update", id);
    expect(event?.changes).toMatchObject({ name: { from: "in queued", to: "renamed" }, metadata: { from: {}, to: { attempt: 2 } } });
  });

  it("answers 400 to an empty patch and to an unknown status", async () => {
    const id = await runIn("queued");
    expectValidationProblem(await patch(id, {}));
    expectValidationProblem(await patch(id, { status: "done" }), "body.status");
  });
});

it("leaves an intact audit chain", async () => {
  await expectAuditChainIntact();
});
