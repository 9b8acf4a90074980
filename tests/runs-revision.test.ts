import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listRuns } from "@/app/api/v1/projects/[slug]/runs/route";
import { PATCH as patchRunRoute } from "@/app/api/v1/runs/[id]/route";
import { getDb } from "@/lib/db/client";
import { generateRuns } from "@/lib/demo/generate-runs";
import { cancelRun } from "@/lib/runs/cancel";
import { createRun, createRunsBatch } from "@/lib/runs/create";
import { foldRunChanges } from "@/lib/runs/jobs";
import { retryRun } from "@/lib/runs/retry";
import { patchRun } from "@/lib/runs/update";
import { call, makeKey, makeProject, type TestKey } from "./support/api";

// The runs list answers If-None-Match from the project's runs revision, before its query.
// Every way runs change must move the validator, or a poller would be told "unchanged"
// about data that changed.

let admin: TestKey;
beforeAll(async () => {
  admin = await makeKey();
});

const list = (slug: string, query = "", headers: Record<string, string> = {}) =>
  call(listRuns, "GET", `/api/v1/projects/${slug}/runs${query}`, { key: admin.key, params: { slug }, headers });

/** The current validator, after checking the held one is still answered with 304. */
async function etagOf(slug: string, query = ""): Promise<string> {
  const res = await list(slug, query);
  expect(res.status).toBe(200);
  const etag = res.headers.get("etag");
  expect(etag).toBeTruthy();
  return etag!;
}

async function expectChanged(slug: string, held: string): Promise<string> {
  const res = await list(slug, "", { "if-none-match": held });
  expect(res.status, "a write must change the runs list's validator").toBe(200);
  expect(res.headers.get("etag")).not.toBe(held);
  return res.headers.get("etag")!;
}

describe("runs list revalidation", () => {
  it("answers 304 with an empty body while nothing changed, for the exact query", async () => {
    const project = await makeProject(admin);
    await createRun(admin.access, project.slug, { name: "one" });
    const etag = await etagOf(project.slug);
    const again = await list(project.slug, "", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("cache-control")).toBe("private, no-cache");
    // Another query is another answer: the held validator does not match it.
    expect((await list(project.slug, "?limit=1", { "if-none-match": etag })).status).toBe(200);
    expect(await etagOf(project.slug, "?limit=1")).not.toBe(etag);
  });

  it("changes with every kind of write to the project's runs", async () => {
    const project = await makeProject(admin);
    const first = await createRun(admin.access, project.slug, { name: "first" });
    let etag = await etagOf(project.slug);

    await createRun(admin.access, project.slug, { name: "second" });
    etag = await expectChanged(project.slug, etag);

    await createRunsBatch(admin.access, project.slug, { runs: [{ name: "b1" }, { name: "b2" }] });
    etag = await expectChanged(project.slug, etag);

    const patched = await call(patchRunRoute, "PATCH", `/api/v1/runs/${first.id}`, { key: admin.key, params: { id: first.id }, body: { status: "running" } });
    expect(patched.status).toBe(200);
    etag = await expectChanged(project.slug, etag);

    await patchRun(admin.access, first.id, { status: "failed" });
    etag = await expectChanged(project.slug, etag);

    await retryRun(admin.access, first.id);
    etag = await expectChanged(project.slug, etag);

    const queued = await createRun(admin.access, project.slug, { name: "to cancel" });
    etag = await expectChanged(project.slug, etag);
    await cancelRun(admin.access, queued.id);
    etag = await expectChanged(project.slug, etag);

    // A writer that bypasses the domain modules (a migration, psql) is caught by the trigger.
    await getDb().execute(sql`UPDATE runs SET name = 'renamed by hand' WHERE id = ${first.id}`);
    etag = await expectChanged(project.slug, etag);
    await getDb().execute(sql`DELETE FROM runs WHERE id = ${queued.id}`);
    await expectChanged(project.slug, etag);
  });

  it("is not moved by writes to another project's runs", async () => {
    const mine = await makeProject(admin);
    const other = await makeProject(admin);
    await createRun(admin.access, mine.slug, { name: "mine" });
    const etag = await etagOf(mine.slug);
    await createRun(admin.access, other.slug, { name: "theirs" });
    expect((await list(mine.slug, "", { "if-none-match": etag })).status).toBe(304);
  });

  it("changes after the bulk generator, which bumps the revision once at the end", async () => {
    const project = await makeProject(admin);
    await createRun(admin.access, project.slug, { name: "before" });
    const etag = await etagOf(project.slug);
    await generateRuns(getDb(), { runs: 500, projectSlug: project.slug, chunkSize: 200, concurrency: 2 });
    const after = await list(project.slug, "", { "if-none-match": etag });
    expect(after.status).toBe(200);
    expect(after.json.data).toHaveLength(50);
  });

  it("still authorizes before revalidating: a held validator does not bypass a missing scope or a binding", async () => {
    const project = await makeProject(admin);
    await createRun(admin.access, project.slug, { name: "x" });
    const etag = await etagOf(project.slug);
    const noScope = await makeKey({ scopes: ["projects:read"] });
    const denied = await call(listRuns, "GET", `/api/v1/projects/${project.slug}/runs`, { key: noScope.key, params: { slug: project.slug }, headers: { "if-none-match": etag } });
    expect(denied.status).toBe(403);
    const elsewhere = await makeProject(admin);
    const bound = await makeKey({ project: elsewhere.slug });
    const hidden = await call(listRuns, "GET", `/api/v1/projects/${project.slug}/runs`, { key: bound.key, params: { slug: project.slug }, headers: { "if-none-match": etag } });
    expect(hidden.status).toBe(404);
  });
});

describe("runs revision under concurrency", () => {
  it("20 concurrent creates and 4 concurrent batches into one project all succeed, each bumping the revision once", async () => {
    const project = await makeProject(admin);
    const before = await revisionOf(project.id);
    const results = await Promise.allSettled([
      ...Array.from({ length: 20 }, (_, i) => createRun(admin.access, project.slug, { name: `c${i}` })),
      ...Array.from({ length: 4 }, (_, i) => createRunsBatch(admin.access, project.slug, { runs: [{ name: `b${i}a` }, { name: `b${i}b` }] })),
    ]);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect((await revisionOf(project.id)) - before).toBe(24);
  });

  it("keeps the version while changes are folded, concurrently with writes, and never lowers it", async () => {
    const project = await makeProject(admin);
    for (let i = 0; i < 5; i++) await createRun(admin.access, project.slug, { name: `f${i}` });
    const before = await revisionOf(project.id);
    const seen: number[] = [];
    const writes = Array.from({ length: 10 }, (_, i) => createRun(admin.access, project.slug, { name: `w${i}` }));
    const folds = Array.from({ length: 5 }, () => foldRunChanges());
    const reads = Array.from({ length: 10 }, async () => seen.push(await revisionOf(project.id)));
    await Promise.all([...writes, ...folds, ...reads]);
    await foldRunChanges();
    const after = await revisionOf(project.id);
    expect(after - before).toBe(10);
    for (const v of seen) expect(v).toBeGreaterThanOrEqual(before);
    const { rows } = await getDb().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM run_changes WHERE project_id = ${project.id}`);
    expect(rows[0]!.n).toBe(0);
  });

  it("two concurrent raw multi-row inserts into one project do not deadlock", async () => {
    const project = await makeProject(admin);
    const insert = () => getDb().execute(sql`INSERT INTO runs (project_id, name) SELECT ${project.id}::uuid, 'raw ' || g FROM generate_series(1, 200) g`);
    const results = await Promise.allSettled(Array.from({ length: 6 }, insert));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
  });
});

/** The project's runs version: the folded revision plus its pending run_changes rows (drizzle/0004). */
async function revisionOf(projectId: string): Promise<number> {
  const { rows } = await getDb().execute<{ rev: string }>(
    sql`SELECT runs_revision + (SELECT count(*) FROM run_changes WHERE project_id = ${projectId}) AS rev FROM projects WHERE id = ${projectId}`,
  );
  return Number(rows[0]!.rev);
}
