import { beforeAll, describe, expect, it } from "vitest";
import { PATCH as patchProject } from "@/app/api/v1/projects/[slug]/route";
import { GET as listRuns, POST as postRun } from "@/app/api/v1/projects/[slug]/runs/route";
import { encodeCursor } from "@/lib/db/keyset";
import { runPageSchema, runSchema } from "@/lib/runs/dto";
import { createRun, createRunsBatch } from "@/lib/runs/create";
import { patchRun } from "@/lib/runs/update";
import { auditEventsFor, call, expectAuditChainIntact, expectProblem, expectValidationProblem, makeKey, makeProject, type TestKey } from "./support/api";

let admin: TestKey;
beforeAll(async () => {
  admin = await makeKey();
});

const list = (slug: string, query = "", headers: Record<string, string> = {}) =>
  call(listRuns, "GET", `/api/v1/projects/${slug}/runs${query}`, { key: admin.key, params: { slug }, headers });
const post = (slug: string, body: unknown) => call(postRun, "POST", `/api/v1/projects/${slug}/runs`, { key: admin.key, params: { slug }, body });

describe("POST /api/v1/projects/{slug}/runs", () => {
  it("answers 201 with the run and its Location, and audits run.create", async () => {
    const project = await makeProject(admin);
    const res = await post(project.slug, { name: "build #1", externalId: "gh-1", metadata: { sha: "abc" } });
    expect(res.status).toBe(201);
    const run = runSchema.parse(res.json);
    expect(run).toMatchObject({ name: "build #1", kind: "ci", status: "queued", externalId: "gh-1", metadata: { sha: "abc" }, projectId: project.id, startedAt: null });
    expect(res.headers.get("location")).toBe(`/api/v1/runs/${run.id}`);
    const [event] = await auditEventsFor("run.create", run.id);
    expect(event).toMatchObject({ actorId: admin.id, actorType: "api_key", projectId: project.id, targetType: "run", targetLabel: "build #1", changes: { name: "build #1", kind: "ci", status: "queued", externalId: "gh-1" } });
    expect(event!.seq).toEqual(expect.any(Number));
  });

  it("starts a run reported as running", async () => {
    const project = await makeProject(admin);
    const res = await post(project.slug, { name: "deploy", kind: "deploy", status: "running" });
    expect(res.json).toMatchObject({ status: "running", startedAt: expect.any(String) });
  });

  it("answers 409 for an archived project", async () => {
    const project = await makeProject(admin);
    await call(patchProject, "PATCH", `/api/v1/projects/${project.slug}`, { key: admin.key, params: { slug: project.slug }, body: { archived: true } });
    expectProblem(await post(project.slug, { name: "late" }), 409, "conflict");
    // One statement: the refusal inserted neither a run nor its audit event.
    expect((await list(project.slug)).json.data).toEqual([]);
    expect((await auditEventsFor("run.create")).filter((e) => e.projectId === project.id)).toEqual([]);
  });

  it("answers 404, inserting nothing, to a key bound to another project", async () => {
    const project = await makeProject(admin);
    const other = await makeProject(admin);
    const bound = await makeKey({ project: other.slug });
    const res = await call(postRun, "POST", `/api/v1/projects/${project.slug}/runs`, { key: bound.key, params: { slug: project.slug }, body: { name: "stray" } });
    expectProblem(res, 404);
    expect((await list(project.slug)).json.data).toEqual([]);
  });

  it("answers 404 for an unknown project", async () => {
    expectProblem(await post("no-such-project", { name: "x" }), 404);
  });

  it("answers 400 to metadata over 16 KiB", async () => {
    const project = await makeProject(admin);
    expectValidationProblem(await post(project.slug, { name: "x", metadata: { blob: "x".repeat(17_000) } }), "body.metadata");
  });
});

describe("GET /api/v1/projects/{slug}/runs", () => {
  it("walks every run exactly once while new runs arrive at the head between pages", async () => {
    const project = await makeProject(admin);
    // A batch shares one created_at: the id breaks the tie in the keyset.
    const batch = await createRunsBatch(admin.access, project.slug, { runs: Array.from({ length: 40 }, (_, i) => ({ name: `batch ${i}` })) });
    const singles = [];
    for (let i = 0; i < 25; i++) singles.push(await createRun(admin.access, project.slug, { name: `single ${i}` }));
    const existing = new Set([...batch, ...singles].map((r) => r.id));

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(project.slug, `?limit=7${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      const page = runPageSchema.parse(res.json);
      seen.push(...page.data.map((r) => r.id));
      cursor = page.nextCursor;
      await createRun(admin.access, project.slug, { name: `arrived during page ${pages++}` });
    } while (cursor);

    expect(seen).toHaveLength(existing.size);
    expect(new Set(seen)).toEqual(existing);
    expect(pages).toBe(Math.ceil(existing.size / 7));
  });

  it("clamps limit=1000000 to 200", async () => {
    const project = await makeProject(admin);
    await createRunsBatch(admin.access, project.slug, { runs: Array.from({ length: 205 }, (_, i) => ({ name: `r${i}` })) });
    const res = await list(project.slug, "?limit=1000000");
    expect(res.json.data).toHaveLength(200);
    expect(res.json.nextCursor).toEqual(expect.any(String));
    expect((await list(project.slug, "?limit=0")).json.data).toHaveLength(1);
    expect((await list(project.slug)).json.data).toHaveLength(50);
  });

  it.each([
    ["garbage", "%%%"],
    ["the wrong shape", encodeCursor([1, 2, 3])],
    ["a bad timestamp", encodeCursor(["not-a-time", "3fa85f64-5717-4562-b3fc-2c963f66afa6"])],
  ])("answers 400 to a forged cursor (%s)", async (_name, cursor) => {
    const project = await makeProject(admin);
    expectProblem(await list(project.slug, `?cursor=${encodeURIComponent(cursor)}`), 400, "invalid_cursor");
  });

  it("filters by status, q, since and until", async () => {
    const project = await makeProject(admin);
    // A few ms apart, so since/until (millisecond ISO strings) fall between them.
    const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
    const queued = await createRun(admin.access, project.slug, { name: "nightly backup", externalId: "job-42" });
    await tick();
    const running = await createRun(admin.access, project.slug, { name: "deploy web", status: "running" });
    await tick();
    const failed = await createRun(admin.access, project.slug, { name: "deploy api", status: "running" });
    await patchRun(admin.access, failed.id, { status: "failed" });
    const ids = async (query: string) => (await list(project.slug, query)).json.data.map((r: { id: string }) => r.id);

    expect(await ids("?status=running")).toEqual([running.id]);
    expect(await ids("?status=queued,failed")).toEqual([failed.id, queued.id]);
    expect(await ids("?q=deploy")).toEqual([failed.id, running.id]);
    expect(await ids("?q=job-42")).toEqual([queued.id]);
    expect(await ids(`?since=${encodeURIComponent(running.createdAt)}`)).toEqual([failed.id, running.id]);
    expect(await ids(`?until=${encodeURIComponent(running.createdAt)}`)).toEqual([queued.id]);
    expectValidationProblem(await list(project.slug, "?status=running,exploded"), "query.status");
  });

  it("returns only id and the fields= asked for", async () => {
    const project = await makeProject(admin);
    await createRun(admin.access, project.slug, { name: "slim" });
    const res = await list(project.slug, "?fields=name,status");
    expect(res.status).toBe(200);
    expect(Object.keys(res.json.data[0]).sort()).toEqual(["id", "name", "status"]);
    runPageSchema.parse(res.json);
  });

  it("answers 400 to an unknown field in fields=", async () => {
    const project = await makeProject(admin);
    const res = await list(project.slug, "?fields=name,password");
    expectValidationProblem(res, "query.fields");
    expect(res.json.errors[0].message).toMatch(/password/);
  });

  it("revalidates with ETag to 304 until a run is added", async () => {
    const project = await makeProject(admin);
    await createRun(admin.access, project.slug, { name: "one" });
    const first = await list(project.slug);
    const etag = first.headers.get("etag")!;
    expect((await list(project.slug, "", { "if-none-match": etag })).status).toBe(304);
    await createRun(admin.access, project.slug, { name: "two" });
    expect((await list(project.slug, "", { "if-none-match": etag })).status).toBe(200);
  });
});

it("leaves an intact audit chain", async () => {
  await expectAuditChainIntact();
});
