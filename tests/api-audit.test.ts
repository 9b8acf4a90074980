import { beforeAll, describe, expect, it } from "vitest";
import { GET as auditRoute } from "@/app/api/v1/audit/route";
import { PATCH as patchRunRoute } from "@/app/api/v1/runs/[id]/route";
import { AUDIT_EXPORT_COLUMNS, auditPageSchema } from "@/lib/audit/dto";
import { csvCell } from "@/lib/audit/export-format";
import { recordAuditStandalone } from "@/lib/audit/record";
import { createRun } from "@/lib/runs/create";
import { call, expectProblem, expectValidationProblem, makeKey, makeProject, scopesWithout, type TestKey } from "./support/api";
import { parseCsv } from "./support/csv";

let admin: TestKey;
let projectA: { id: string; slug: string };
let projectB: { id: string; slug: string };
let runId: string;

const get = (query: string, key = admin.key) => call(auditRoute, "GET", `/api/v1/audit${query}`, { key });

beforeAll(async () => {
  admin = await makeKey();
  projectA = await makeProject(admin);
  projectB = await makeProject(admin);
  const run = await createRun(admin.access, projectA.slug, { name: "nightly build" });
  runId = run.id;
  const res = await call(patchRunRoute, "PATCH", `/api/v1/runs/${runId}`, { key: admin.key, params: { id: runId }, body: { status: "cancelled" } });
  expect(res.status).toBe(200);
  for (let i = 0; i < 30; i++) await createRun(admin.access, projectB.slug, { name: `bulk ${i}` });
  await recordAuditStandalone({
    action: "system.seed",
    actor: { type: "system", label: '=HYPERLINK("http://evil.example","click")' },
    target: { type: "note", id: "tricky", label: 'a, "quoted"\r\nmulti-line +label' },
    changes: { formula: "@SUM(A1)", minus: "-1+2", tab: "\tx" },
  });
});

describe("GET /api/v1/audit (JSON pages)", () => {
  it("answers a page matching the OpenAPI schema, newest first", async () => {
    const res = await get("?limit=5");
    expect(res.status, res.text).toBe(200);
    const page = auditPageSchema.parse(res.json);
    expect(page.data).toHaveLength(5);
    const seqs = page.data.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it("walks every event exactly once by cursor", async () => {
    const all = await get("?limit=200");
    const total = all.json.data.length;
    expect(total).toBeGreaterThan(30);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`?limit=7${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...res.json.data.map((e: { seq: number }) => e.seq));
      cursor = res.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.json.data.map((e: { seq: number }) => e.seq));
    expect(new Set(seen).size).toBe(total);
  });

  it("reads oldest first with order=asc, its cursors continuing that order and refused by the other", async () => {
    const newest = (await get(`?project=${projectB.id}&limit=200`)).json.data.map((e: { seq: number }) => e.seq);
    const seen: number[] = [];
    let cursor: string | null = null;
    let firstCursor: string | null = null;
    do {
      const res = await get(`?project=${projectB.id}&order=asc&limit=8${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status, res.text).toBe(200);
      seen.push(...res.json.data.map((e: { seq: number }) => e.seq));
      cursor = res.json.nextCursor;
      firstCursor ??= cursor;
    } while (cursor);
    expect(seen).toEqual([...newest].reverse());
    expect(firstCursor).toEqual(expect.any(String));
    // A cursor of the ascending walk is not a position in the newest-first one.
    expectProblem(await get(`?project=${projectB.id}&cursor=${firstCursor}`), 400);
    expectValidationProblem(await get("?order=sideways"), "query.order");
  });

  it("filters by action, action group, target, project, actor, time and label text", async () => {
    const only = async (query: string) => (await get(`${query}&limit=200`)).json.data as { action: string; targetId: string; projectId: string; actorLabel: string }[];
    const cancel = await only("?action=run.cancel");
    expect(cancel).toHaveLength(1);
    expect(cancel[0]).toMatchObject({ action: "run.cancel", targetId: runId, projectId: projectA.id });

    const runEvents = await only("?action=run.*");
    expect(runEvents.length).toBe(32); // 31 creates + 1 cancel
    expect(new Set(runEvents.map((e) => e.action))).toEqual(new Set(["run.create", "run.cancel"]));
    expect(await only("?action=run")).toEqual(runEvents);

    const target = await only(`?targetType=run&targetId=${runId}`);
    expect(target.map((e) => e.action).sort()).toEqual(["run.cancel", "run.create"]);

    const inB = await only(`?project=${projectB.id}`);
    expect(inB.length).toBe(31); // project.create + 30 run.create
    expect(inB.every((e) => e.projectId === projectB.id)).toBe(true);

    const byActor = await only(`?actor=${admin.id}`);
    expect(byActor.length).toBeGreaterThanOrEqual(34);
    expect(await only(`?actorType=system`)).toEqual(expect.arrayContaining([expect.objectContaining({ actorLabel: expect.stringContaining("HYPERLINK") })]));

    expect(await only(`?until=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`)).toEqual([]);
    expect((await only(`?since=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`)).length).toBeGreaterThan(30);

    const text = await only("?q=nightly");
    expect(text.map((e) => e.action).sort()).toEqual(["run.cancel", "run.create"]);
    expect(await only("?q=%25")).toEqual([]); // LIKE wildcards are literal
  });

  it("answers 400 problem+json for an unknown action, a bad time, a foreign cursor; 403 without audit:read", async () => {
    expectValidationProblem(await get("?action=run.explode"), "query.action");
    expectValidationProblem(await get("?since=yesterday"), "query.since");
    expectValidationProblem(await get("?project=not-a-uuid"), "query.project");
    expectValidationProblem(await get("?format=xml"), "query.format");
    expectProblem(await get("?cursor=eyJub3BlIjoxfQ"), 400, "invalid_cursor");
    const noAudit = await makeKey({ scopes: scopesWithout("audit:read") });
    expectProblem(await get("", noAudit.key), 403, "insufficient_scope");
    expectProblem(await call(auditRoute, "GET", "/api/v1/audit"), 401);
  });

  it("shows a key bound to a project only that project's events", async () => {
    const bound = await makeKey({ scopes: ["audit:read"], project: projectA.slug });
    const res = await get("?limit=200", bound.key);
    expect(res.status).toBe(200);
    expect(res.json.data.length).toBeGreaterThan(0);
    expect(res.json.data.every((e: { projectId: string }) => e.projectId === projectA.id)).toBe(true);
    expect((await get(`?project=${projectB.id}&format=ndjson`, bound.key)).text).toBe("");
  });
});

describe("GET /api/v1/audit?format=ndjson", () => {
  it("streams every matching event, one JSON object per line, as an attachment", async () => {
    const page = await get(`?project=${projectB.id}&limit=200`);
    const res = await get(`?project=${projectB.id}&format=ndjson&limit=2`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-.*\.ndjson"$/);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(res.text.endsWith("\n")).toBe(true);
    const lines = res.text.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(lines).toEqual(page.json.data); // all of them, not one page of `limit`
    expect(Object.keys(lines[0])).toEqual([...AUDIT_EXPORT_COLUMNS]);
  });

  it("streams in the order asked: order=asc is the list's oldest-first order, from its cursor on", async () => {
    const asc = (await get(`?project=${projectB.id}&order=asc&limit=200`)).json.data;
    const res = await get(`?project=${projectB.id}&order=asc&format=ndjson`);
    expect(res.status).toBe(200);
    expect(res.text.trimEnd().split("\n").map((l) => JSON.parse(l))).toEqual(asc);
    const firstPage = await get(`?project=${projectB.id}&order=asc&limit=10`);
    const rest = await get(`?project=${projectB.id}&order=asc&format=ndjson&cursor=${firstPage.json.nextCursor}`);
    expect(rest.text.trimEnd().split("\n").map((l) => JSON.parse(l).seq)).toEqual(asc.slice(10).map((e: { seq: number }) => e.seq));
  });

  it("reads in batches: a stream of more events than one batch is complete and ordered", async () => {
    const { exportAuditEvents } = await import("@/lib/audit/export");
    const stream = await exportAuditEvents(admin.access, {}, "ndjson", { batchSize: 4 });
    const reader = stream.getReader();
    const chunks: string[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(new TextDecoder().decode(value));
    }
    const total = (await get("?limit=200")).json.data.length;
    expect(chunks.length).toBe(Math.ceil(total / 4)); // one chunk per batch: pulled, not buffered whole
    const seqs = chunks.join("").trimEnd().split("\n").map((l) => JSON.parse(l).seq as number);
    expect(seqs).toHaveLength(total);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
  });
});

describe("GET /api/v1/audit?format=csv", () => {
  it("is RFC 4180 with a header, and neutralises formulas", async () => {
    const res = await get("?actorType=system&format=csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const [header, ...rows] = parseCsv(res.text);
    expect(header).toEqual([...AUDIT_EXPORT_COLUMNS]);
    const col = (name: (typeof AUDIT_EXPORT_COLUMNS)[number]) => AUDIT_EXPORT_COLUMNS.indexOf(name);
    const tricky = rows.find((r) => r[col("targetId")] === "tricky")!;
    expect(tricky).toBeDefined();
    expect(tricky).toHaveLength(AUDIT_EXPORT_COLUMNS.length);
    expect(tricky[col("actorLabel")]).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(tricky[col("targetLabel")]).toBe('a, "quoted"\r\nmulti-line +label');
    expect(JSON.parse(tricky[col("changes")]!)).toEqual({ formula: "@SUM(A1)", minus: "-1+2", tab: "\tx" });
    for (const row of rows) for (const cell of row) expect(cell, "no cell starts a formula").not.toMatch(/^[=+\-@\t\r]/);
  });

  it("quotes and neutralises single cells", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell(null)).toBe("");
    expect(csvCell(42)).toBe("42");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("=1+2")).toBe("'=1+2");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-1")).toBe("'-1");
    expect(csvCell("@cmd")).toBe("'@cmd");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("\rx")).toBe("\"'\rx\"");
    expect(csvCell("=a,b")).toBe(`"'=a,b"`);
    expect(csvCell({ k: "v" })).toBe('"{""k"":""v""}"');
  });
});

describe("the plan of an unfiltered audit page", () => {
  // Sorting and sequential scans are made as dear as the planner allows: an order no index
  // serves still shows a Sort node.
  const plan = async (query: string) => {
    const { sql } = await import("drizzle-orm");
    const { getDb } = await import("@/lib/db/client");
    return getDb().transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL enable_sort = off`);
      await tx.execute(sql`SET LOCAL enable_seqscan = off`);
      const { rows } = await tx.execute<{ "QUERY PLAN": string }>(sql.raw(`EXPLAIN ${query}`));
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
  };

  it("reads the trail in seq order from an index, either way and from a cursor, without sorting every event", async () => {
    for (const [order, cmp] of [["DESC NULLS LAST", "<"], ["ASC NULLS FIRST", ">"]] as const) {
      for (const where of ["seq IS NOT NULL", `seq IS NOT NULL AND seq ${cmp} 10`]) {
        const text = await plan(`SELECT * FROM audit_events WHERE ${where} ORDER BY seq ${order} LIMIT 51`);
        expect(text, `${order}, ${where}`).toContain("audit_events_seq_desc_idx");
        expect(text, `${order}, ${where}`).not.toMatch(/\bSort\b/);
      }
    }
  });

  it("finds the chain's head, walks it for verification, opens one event and prunes from an index too (the seq indexes are partial)", async () => {
    // The statements of lib/audit/sequencer.ts (head), verify.ts (walk), queries.ts (one event) and audit_prune().
    for (const query of [
      `SELECT seq, hash FROM audit_events WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`,
      `SELECT * FROM audit_events WHERE seq > 10 ORDER BY seq ASC LIMIT 1000`,
      `SELECT * FROM audit_events WHERE seq = 5 LIMIT 1`,
      `SELECT seq FROM audit_events WHERE occurred_at < now() AND seq < 100 ORDER BY seq DESC LIMIT 1`,
    ]) {
      const text = await plan(query);
      expect(text, query).toMatch(/Index (Only )?Scan (Backward )?using audit_events_seq(_desc)?_idx/);
      expect(text, query).not.toMatch(/\bSort\b|Seq Scan/);
    }
  });
});
