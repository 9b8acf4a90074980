import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as postBatch } from "@/app/api/v1/projects/[slug]/runs/batch/route";
import { getDb } from "@/lib/db/client";
import { runs } from "@/lib/db/schema";
import { runBatchResultSchema } from "@/lib/runs/dto";
import { updateProject } from "@/lib/projects/mutations";
import { policies } from "@/lib/ratelimit/policies";
import { auditEventsFor, call, expectAuditChainIntact, expectProblem, expectValidationProblem, makeKey, makeProject, type TestKey } from "./support/api";

let admin: TestKey;
beforeAll(async () => {
  admin = await makeKey({ scopes: ["projects:write", "runs:write"] });
});

const post = (slug: string, body: unknown) => call(postBatch, "POST", `/api/v1/projects/${slug}/runs/batch`, { key: admin.key, params: { slug }, body });
const runsOf = (projectId: string) => getDb().select().from(runs).where(eq(runs.projectId, projectId));

describe("POST /api/v1/projects/{slug}/runs/batch", () => {
  it("creates 1000 runs in one call, in request order, audited as one run.batch_create", async () => {
    const project = await makeProject(admin);
    const items = Array.from({ length: 1000 }, (_, i) => ({
      name: `shard ${i}`,
      ...(i % 2 ? { kind: "test", externalId: `ext-${i}` } : {}),
      ...(i % 3 === 0 ? { status: "running" } : {}),
      metadata: { i, quote: `it's "${i}" \\ {x}` },
    }));
    const res = await post(project.slug, { runs: items });
    expect(res.status, res.text).toBe(201);
    expect(res.headers.get("location")).toBe(`/api/v1/projects/${project.slug}/runs`);
    const { data } = runBatchResultSchema.parse(res.json);
    expect(data).toHaveLength(1000);
    expect(data.map((r) => r.name)).toEqual(items.map((i) => i.name));
    expect(data[1]).toMatchObject({ kind: "test", externalId: "ext-1", status: "queued", startedAt: null, metadata: { i: 1, quote: `it's "1" \\ {x}` } });
    expect(data[3]).toMatchObject({ status: "running", startedAt: expect.any(String) });
    expect(data[2]).toMatchObject({ kind: "ci", externalId: null });
    expect(await runsOf(project.id)).toHaveLength(1000);
    const events = await auditEventsFor("run.batch_create", project.id);
    expect(events).toHaveLength(1);
    expect(events[0]?.changes).toEqual({ count: 1000 });
  });

  it("answers 400 to 1001 runs and creates none", async () => {
    const project = await makeProject(admin);
    const res = await post(project.slug, { runs: Array.from({ length: 1001 }, (_, i) => ({ name: `r${i}` })) });
    expectValidationProblem(res, "body.runs");
    expect(await runsOf(project.id)).toHaveLength(0);
  });

  it("answers 400 to an empty batch", async () => {
    const project = await makeProject(admin);
    expectValidationProblem(await post(project.slug, { runs: [] }), "body.runs");
  });

  it("is all or nothing: one invalid run refuses the batch", async () => {
    const project = await makeProject(admin);
    const res = await post(project.slug, { runs: [{ name: "fine" }, { name: "" }, { name: "also fine" }] });
    expectValidationProblem(res, "body.runs.1.name");
    expect(await runsOf(project.id)).toHaveLength(0);
  });

  it("accepts a body over 1 MiB (up to 2 MiB) for 1000 runs with real-world metadata", async () => {
    const project = await makeProject(admin);
    const metadata = { sha: "a".repeat(40), branch: "main", url: `https://ci.example.com/${"x".repeat(60)}`, message: "m".repeat(1200) };
    const body = { runs: Array.from({ length: 1000 }, (_, i) => ({ name: `build ${i}`, metadata })) };
    expect(JSON.stringify(body).length).toBeGreaterThan(1024 * 1024);
    const res = await post(project.slug, body);
    expect(res.status).toBe(201);
  });

  it("answers 409 for an archived project", async () => {
    const project = await makeProject(admin);
    await updateProject(admin.access, project.slug, { archived: true });
    expectProblem(await post(project.slug, { runs: [{ name: "late" }] }), 409, "conflict");
  });

  it("is rate limited per key by the batch policy: 429 with Retry-After", async () => {
    const key = await makeKey({ scopes: ["runs:write"] });
    const project = await makeProject(admin);
    const send = () => call(postBatch, "POST", `/api/v1/projects/${project.slug}/runs/batch`, { key: key.key, params: { slug: project.slug }, body: { runs: [{ name: "r" }] } });
    const { max } = policies().batch;
    for (let i = 0; i < max; i++) expect((await send()).status).toBe(201);
    const limited = await send();
    expectProblem(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");
  });
});

it("leaves an intact audit chain", async () => {
  await expectAuditChainIntact();
});
