import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Served } from "./support/serve";

// 40 connections of mixed creates and state moves (queued → running → succeeded | failed,
// the PATCHes integrations send) against one project, over real HTTP, for a bounded time.
// Before drizzle/0004 every run write also locked its project's row from a trigger, and
// PostgreSQL picked deadlock victims ("while locking updated version of tuple in relation
// projects"): about 1% of answers were 500. Now no answer may be a 5xx and the database
// must count no deadlock (pg_stat_database.deadlocks; the transaction helper's retry would
// hide a deadlock from the status codes, not from this counter).

// Limits sized for the load, set before the configuration is first read.
process.env.RATELIMIT_WRITE_PER_MINUTE = "1000000";
process.env.RATELIMIT_READ_PER_MINUTE = "1000000";
process.env.DATABASE_POOL_MAX = "20";

const CONNECTIONS = 40;
const SECONDS = Number(process.env.CONCURRENCY_SECONDS ?? 6);

const { serveApi } = await import("./support/route-server");
const { makeKey, makeProject } = await import("./support/api");
const { getDb } = await import("@/lib/db/client");

let api: Served;
let key: string;
let slug: string;

beforeAll(async () => {
  api = await serveApi();
  const admin = await makeKey();
  key = admin.key;
  slug = (await makeProject(admin)).slug;
});
afterAll(() => api.close());

async function deadlocks(): Promise<number> {
  const { rows } = await getDb().execute<{ n: string }>(sql`SELECT deadlocks AS n FROM pg_stat_database WHERE datname = current_database()`);
  return Number(rows[0]!.n);
}

describe("40 connections of creates and state moves on one project", () => {
  it("answers no 5xx and PostgreSQL detects no deadlock", async () => {
    const before = await deadlocks();
    const statuses = new Map<number, number>();
    const count = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);
    const send = async (method: string, path: string, body: unknown) => {
      const res = await fetch(`${api.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
      count(res.status);
      return res.status < 300 ? ((await res.json()) as { id: string }) : (await res.body?.cancel(), null);
    };
    const deadline = performance.now() + SECONDS * 1000;
    const worker = async (n: number) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const run = await send("POST", `/projects/${slug}/runs`, { name: `load ${n}.${i}`, kind: "ci" });
        if (!run) continue;
        if ((await send("PATCH", `/runs/${run.id}`, { status: "running" })) === null) continue;
        await send("PATCH", `/runs/${run.id}`, { status: i % 4 === 0 ? "failed" : "succeeded" });
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, (_, n) => worker(n)));
    // Backends report their statistics at most once a second.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    const failed = [...statuses].filter(([s]) => s >= 500);
    expect(total, "requests sent").toBeGreaterThan(CONNECTIONS * 3);
    expect(failed, `statuses ${JSON.stringify([...statuses])}`).toEqual([]);
    expect((statuses.get(201) ?? 0) + (statuses.get(200) ?? 0), "successful answers").toBe(total);
    expect((await deadlocks()) - before, "deadlocks counted by PostgreSQL").toBe(0);
  });
});
