import { beforeAll, describe, expect, it } from "vitest";
import { GET as readLogs, POST as appendLogs } from "@/app/api/v1/runs/[id]/logs/route";
import { logAppendResultSchema, logPageSchema } from "@/lib/runs/dto";
import { createRun } from "@/lib/runs/create";
import { appendRunLogs } from "@/lib/runs/logs";
import { call, expectAuditChainIntact, expectProblem, expectValidationProblem, makeKey, makeProject, type TestKey } from "./support/api";

let admin: TestKey;
let slug: string;
beforeAll(async () => {
  admin = await makeKey({ scopes: ["projects:write", "runs:read", "runs:write"] });
  slug = (await makeProject(admin)).slug;
});

const newRun = async () => (await createRun(admin.access, slug, { name: "logged", status: "running" })).id;
const lines = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ message: `${prefix} ${i}` }));
const append = (id: string, body: unknown) => call(appendLogs, "POST", `/api/v1/runs/${id}/logs`, { key: admin.key, params: { id }, body });
const read = (id: string, query = "", headers: Record<string, string> = {}) => call(readLogs, "GET", `/api/v1/runs/${id}/logs${query}`, { key: admin.key, params: { id }, headers });

describe("POST /api/v1/runs/{id}/logs", () => {
  it("answers 201 with the seq range and a Location to read from", async () => {
    const id = await newRun();
    const first = await append(id, { lines: [{ message: "booting", level: "debug", ts: "2024-05-01T10:00:00Z" }, { message: "ready" }] });
    expect(first.status).toBe(201);
    expect(logAppendResultSchema.parse(first.json)).toEqual({ firstSeq: 1, lastSeq: 2 });
    const second = await append(id, { lines: lines(3, "more") });
    expect(second.json).toEqual({ firstSeq: 3, lastSeq: 5 });
    expect(second.headers.get("location")).toBe(`/api/v1/runs/${id}/logs?after=2`);
    const page = logPageSchema.parse((await read(id)).json);
    expect(page.data[0]).toMatchObject({ seq: 1, level: "debug", message: "booting", ts: "2024-05-01T10:00:00.000Z" });
    expect(page.data[1]).toMatchObject({ seq: 2, level: "info" });
  });

  it("assigns contiguous seq without duplicates across concurrent appends", async () => {
    const id = await newRun();
    const results = await Promise.all([append(id, { lines: lines(300, "a") }), append(id, { lines: lines(250, "b") }), append(id, { lines: lines(1, "c") })]);
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    const ranges = results.map((r) => [r.json.firstSeq, r.json.lastSeq] as [number, number]).sort((x, y) => x[0] - y[0]);
    expect(ranges[0]![0]).toBe(1);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBe(ranges[i - 1]![1] + 1);
    expect(ranges.at(-1)![1]).toBe(551);

    const seqs: number[] = [];
    let after = 0;
    for (;;) {
      const page = logPageSchema.parse((await read(id, `?after=${after}&limit=200`)).json);
      seqs.push(...page.data.map((l) => l.seq));
      if (page.nextAfter === null) break;
      after = page.nextAfter;
    }
    expect(seqs).toEqual(Array.from({ length: 551 }, (_, i) => i + 1));
  });

  it("answers 400 to more than 1000 lines, and to none", async () => {
    const id = await newRun();
    expectValidationProblem(await append(id, { lines: lines(1001, "x") }), "body.lines");
    expectValidationProblem(await append(id, { lines: [] }), "body.lines");
    expect((await read(id)).json.data).toEqual([]);
  });

  it("answers 400 to a line over 16 KiB", async () => {
    const id = await newRun();
    expectValidationProblem(await append(id, { lines: [{ message: "x".repeat(16_385) }] }), "body.lines.0.message");
  });
});

describe("GET /api/v1/runs/{id}/logs", () => {
  it("with after= returns the rest, in order", async () => {
    const id = await newRun();
    await appendRunLogs(admin.access, id, { lines: lines(10, "line") });
    const res = await read(id, "?after=7");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: [8, 9, 10].map((seq) => expect.objectContaining({ seq, message: `line ${seq - 1}` })), nextAfter: null });
    expect((await read(id, "?after=10")).json).toEqual({ data: [], nextAfter: null });
  });

  it("clamps limit=1000000 to 200", async () => {
    const id = await newRun();
    await appendRunLogs(admin.access, id, { lines: lines(250, "bulk") });
    const res = await read(id, "?limit=1000000");
    expect(res.json.data).toHaveLength(200);
    expect(res.json.nextAfter).toBe(200);
  });

  it.each(["-1", "abc", "1.5", "99999999999999999999"])("answers 400 to after=%s", async (after) => {
    const id = await newRun();
    expectValidationProblem(await read(id, `?after=${after}`), "query.after");
  });

  it("revalidates with ETag to 304 until a line is appended", async () => {
    const id = await newRun();
    await appendRunLogs(admin.access, id, { lines: lines(2, "x") });
    const etag = (await read(id)).headers.get("etag")!;
    expect((await read(id, "", { "if-none-match": etag })).status).toBe(304);
    await appendRunLogs(admin.access, id, { lines: lines(1, "y") });
    expect((await read(id, "", { "if-none-match": etag })).status).toBe(200);
  });

  it("answers 404 for an unknown run", async () => {
    expectProblem(await read("3fa85f64-5717-4562-b3fc-2c963f66afa6"), 404, "not_found");
  });
});

it("leaves an intact audit chain (log lines are data, not audited one by one)", async () => {
  await expectAuditChainIntact();
});
