import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedHandle } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrate";
import type { Served } from "./support/serve";

// PostgreSQL stopped (fast shutdown: every connection terminated, 57P01) and started again
// under load, on a private cluster this file starts, behind the real pipeline over HTTP.
// During the outage every answer must be a bounded 503 with Retry-After, never a 500 or a
// hang; afterwards service resumes without a restart, every acknowledged write is there,
// and a request that failed with 503 succeeds when retried with its Idempotency-Key (its
// claim was released, so no 409 "in progress" for a minute).

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "opsdeck-outage-"));
fs.chmodSync(dataDir, 0o755);
let cluster: EmbeddedHandle = await startEmbeddedPostgres({ dataDir });
const port = Number(new URL(cluster.url).port);
await migrateDatabase(cluster.url);
// This file's app talks to the private cluster; set before anything reads the configuration.
process.env.DATABASE_URL = cluster.url;
process.env.DATABASE_CONNECT_TIMEOUT_MS = "1000";
process.env.RATELIMIT_WRITE_PER_MINUTE = "1000000";
process.env.RATELIMIT_READ_PER_MINUTE = "1000000";

const { serveApi } = await import("./support/route-server");
const { makeKey, makeProject } = await import("./support/api");
const { closeDb, getDb } = await import("@/lib/db/client");
const { runs } = await import("@/lib/db/schema");
const { inArray } = await import("drizzle-orm");

const WORKERS = 8;
const BOUND_MS = 8_000;

let api: Served;
let key: string;
let slug: string;

beforeAll(async () => {
  api = await serveApi();
  const admin = await makeKey();
  key = admin.key;
  slug = (await makeProject(admin)).slug;
});
afterAll(async () => {
  await api.close();
  // Hung here while drizzle leaked the pool client of every transaction whose BEGIN failed
  // (lib/db/timed-client.ts): pool.end() waits for clients that are never released.
  await closeDb();
  await cluster.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Attempt = { idempotencyKey: string; name: string; status: number; retryAfter: string | null; ms: number; runId?: string };

async function create(idempotencyKey: string, name: string): Promise<Attempt> {
  const started = performance.now();
  try {
    const res = await fetch(`${api.url}/api/v1/projects/${slug}/runs`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "idempotency-key": idempotencyKey },
      body: JSON.stringify({ name }),
      signal: AbortSignal.timeout(BOUND_MS * 2),
    });
    const body = (await res.json()) as { id?: string; type?: string };
    return { idempotencyKey, name, status: res.status, retryAfter: res.headers.get("retry-after"), ms: performance.now() - started, runId: res.status === 201 ? body.id : undefined };
  } catch {
    return { idempotencyKey, name, status: 0, retryAfter: null, ms: performance.now() - started };
  }
}

describe("PostgreSQL stopped and restarted under load", () => {
  it("answers only 2xx/4xx/503 (bounded), keeps every acknowledged write, and lets failed requests be retried at once", async () => {
    const attempts: Attempt[] = [];
    let stop = false;
    const worker = async (n: number) => {
      for (let i = 0; !stop; i++) {
        attempts.push(await create(randomUUID(), `outage ${n}.${i}`));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const load = Promise.all(Array.from({ length: WORKERS }, (_, n) => worker(n)));
    const phase = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    await phase(1_500);
    await cluster.stop();
    await phase(3_000);
    cluster = await startEmbeddedPostgres({ dataDir, port });
    await phase(3_000);
    stop = true;
    await load;

    const byStatus = attempts.reduce<Record<number, number>>((acc, a) => ({ ...acc, [a.status]: (acc[a.status] ?? 0) + 1 }), {});
    const shown = JSON.stringify(byStatus);
    // The outage was seen, and the service came back.
    expect(byStatus[503] ?? 0, shown).toBeGreaterThan(0);
    expect(attempts.slice(-WORKERS * 3).some((a) => a.status === 201), shown).toBe(true);
    // Only 201 or 503: never a 500, never a dropped connection.
    expect(Object.keys(byStatus).map(Number).filter((s) => s !== 201 && s !== 503), shown).toEqual([]);
    for (const a of attempts.filter((x) => x.status === 503)) expect(a.retryAfter, "503 carries Retry-After").toMatch(/^\d+$/);
    expect(Math.max(...attempts.map((a) => a.ms)), "slowest answer (ms)").toBeLessThan(BOUND_MS);

    // Every acknowledged run is stored.
    const acked = attempts.filter((a) => a.runId).map((a) => a.runId!);
    const stored = await getDb().select({ id: runs.id }).from(runs).where(inArray(runs.id, acked));
    expect(stored.length).toBe(acked.length);

    // A request that failed is retried with its key and proceeds now, not after a minute of 409s.
    const failed = attempts.filter((a) => a.status === 503).slice(0, 10);
    for (const a of failed) {
      const retry = await create(a.idempotencyKey, a.name);
      expect(retry.status, `retry of ${a.name}`).toBe(201);
    }
  }, 60_000);
});
