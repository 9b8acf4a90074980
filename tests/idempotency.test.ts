import { randomBytes, randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "@/lib/auth/principal";
import { getDb } from "@/lib/db/client";
import { idempotencyKeys, runs } from "@/lib/db/schema";
import { purgeExpiredIdempotencyKeys, withIdempotency } from "@/lib/http/idempotency";
import type { Reply } from "@/lib/http/pipeline";
import { HttpError } from "@/lib/http/problem";
import { createProject } from "@/lib/projects/mutations";
import { createRun } from "@/lib/runs/create";
import type { RunCreateInput } from "@/lib/runs/schemas";
import { makeKey } from "./support/api";

/** A key with the project and run scopes, as the principal the pipeline hands a handler. */
const apiKeyPrincipal = async (): Promise<Principal> => (await makeKey({ scopes: ["projects:read", "projects:write", "runs:read", "runs:write"] })).access.principal;

let admin: Principal;
let slug: string;
let projectId: string;

beforeAll(async () => {
  admin = await apiKeyPrincipal();
  slug = `idem-${randomBytes(4).toString("hex")}`;
  projectId = (await createProject({ principal: admin, meta: {} }, { slug, name: "Idempotency" })).id;
});

const newKey = () => randomUUID();

function post(principal: Principal, key: string | null, body: unknown, target = slug) {
  const headers = new Headers();
  if (key !== null) headers.set("Idempotency-Key", key);
  return { request: new Request(`http://localhost/api/v1/projects/${target}/runs`, { method: "POST", headers }), access: { principal, meta: {} }, body };
}

/** What the route does inside withIdempotency, counting how often it actually ran. */
function createRunHandler(principal: Principal, body: RunCreateInput, target = slug) {
  const handler = async (): Promise<Reply> => {
    handler.calls++;
    const run = await createRun({ principal, meta: {} }, target, body);
    return { status: 201, body: run, headers: { Location: `/api/v1/runs/${run.id}` } };
  };
  handler.calls = 0;
  return handler;
}

async function read(reply: Reply): Promise<{ status: number; headers: Headers; body: unknown }> {
  if (reply instanceof Response) return { status: reply.status, headers: reply.headers, body: await reply.json() };
  return { status: reply.status ?? 200, headers: new Headers(reply.headers), body: JSON.parse(JSON.stringify(reply.body ?? null)) };
}

const runCount = () => getDb().$count(runs, eq(runs.projectId, projectId));

describe("Idempotency-Key on POST /api/v1/projects/:slug/runs", () => {
  it("runs once and replays the stored answer with Idempotent-Replayed: true", async () => {
    const key = newKey();
    const body = { name: "deploy #1", kind: "deploy" };
    const before = await runCount();
    const handler = createRunHandler(admin, body);

    const first = await read(await withIdempotency(post(admin, key, body), handler));
    const second = await read(await withIdempotency(post(admin, key, body), handler));

    expect(first.status).toBe(201);
    expect(first.headers.has("Idempotent-Replayed")).toBe(false);
    expect(second.status).toBe(201);
    expect(second.headers.get("Idempotent-Replayed")).toBe("true");
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(second.body).toEqual(first.body);
    expect(handler.calls).toBe(1);
    expect(await runCount()).toBe(before + 1);
  });

  it("treats the same body with keys in another order as the same request", async () => {
    const key = newKey();
    const handler = createRunHandler(admin, { name: "ordered", kind: "ci" });
    await withIdempotency(post(admin, key, { name: "ordered", kind: "ci" }), handler);
    const again = await read(await withIdempotency(post(admin, key, { kind: "ci", name: "ordered" }), handler));
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(handler.calls).toBe(1);
  });

  it("answers 422 when the key is reused with a different body, and runs nothing", async () => {
    const key = newKey();
    await withIdempotency(post(admin, key, { name: "first" }), createRunHandler(admin, { name: "first" }));
    const before = await runCount();
    const handler = createRunHandler(admin, { name: "second" });
    const error = await withIdempotency(post(admin, key, { name: "second" }), handler).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 422, code: "idempotency_key_reused" });
    expect(handler.calls).toBe(0);
    expect(await runCount()).toBe(before);
  });

  it("lets exactly one of 20 concurrent requests with one key run; the others get 409 or the replay", async () => {
    const key = newKey();
    const body = { name: "concurrent" };
    const before = await runCount();
    const handler = createRunHandler(admin, body);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => withIdempotency(post(admin, key, body), handler)));

    expect(handler.calls).toBe(1);
    expect(await runCount()).toBe(before + 1);
    const executed = results.filter((r) => r.status === "fulfilled" && !(r.value instanceof Response));
    const replayed = results.filter((r) => r.status === "fulfilled" && r.value instanceof Response && r.value.headers.get("Idempotent-Replayed") === "true");
    const conflicts = results.filter((r) => r.status === "rejected" && r.reason instanceof HttpError && r.reason.status === 409);
    expect(executed).toHaveLength(1);
    expect(replayed.length + conflicts.length).toBe(19);
    for (const c of conflicts) expect((c as PromiseRejectedResult).reason.message).toMatch(/in progress/);
  });

  it("keeps the same key value of two API keys apart", async () => {
    const other = await apiKeyPrincipal();
    const key = newKey();
    const before = await runCount();
    const a = await read(await withIdempotency(post(admin, key, { name: "a" }), createRunHandler(admin, { name: "a" })));
    const b = await read(await withIdempotency(post(other, key, { name: "b" }), createRunHandler(other, { name: "b" })));
    expect(a.headers.has("Idempotent-Replayed")).toBe(false);
    expect(b.headers.has("Idempotent-Replayed")).toBe(false);
    expect((a.body as { id: string }).id).not.toBe((b.body as { id: string }).id);
    expect(await runCount()).toBe(before + 2);
  });

  it("scopes session callers per user", async () => {
    const user = (id: string): Principal => ({ kind: "user", user: { id, email: `${id}@example.com`, name: null, role: "admin", sessionId: randomUUID() } });
    const [alice, bob] = [user(randomUUID()), user(randomUUID())];
    const key = newKey();
    const first = createRunHandler(alice, { name: "from alice" });
    await withIdempotency(post(alice, key, { name: "from alice" }), first);
    const replay = await read(await withIdempotency(post(alice, key, { name: "from alice" }), first));
    const second = createRunHandler(bob, { name: "from bob" });
    await withIdempotency(post(bob, key, { name: "from bob" }), second);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect([first.calls, second.calls]).toEqual([1, 1]);
  });

  it("stores a 4xx answer and replays it without running the handler again", async () => {
    const key = newKey();
    const handler = createRunHandler(admin, { name: "nowhere" }, "no-such-project");
    const first = await withIdempotency(post(admin, key, { name: "nowhere" }, "no-such-project"), handler).catch((err: unknown) => err);
    expect(first).toMatchObject({ code: "not_found" });
    const second = await withIdempotency(post(admin, key, { name: "nowhere" }, "no-such-project"), handler).catch((err: unknown) => err);
    expect(second).toBeInstanceOf(HttpError);
    expect(second).toMatchObject({ status: 404, code: "not_found", message: "Project no-such-project not found", extra: { headers: { "Idempotent-Replayed": "true" } } });
    expect(handler.calls).toBe(1);
  });

  it("releases the key after a 5xx so a retry runs", async () => {
    const key = newKey();
    const body = { name: "flaky" };
    const before = await runCount();
    await expect(
      withIdempotency(post(admin, key, body), async () => {
        throw new Error("database went away");
      }),
    ).rejects.toThrow("database went away");
    const retry = await read(await withIdempotency(post(admin, key, body), createRunHandler(admin, body)));
    expect(retry.status).toBe(201);
    expect(retry.headers.has("Idempotent-Replayed")).toBe(false);
    expect(await runCount()).toBe(before + 1);
  });

  it.each([
    ["empty", ""],
    ["longer than 255 characters", "k".repeat(256)],
    ["not printable ASCII", "clé"],
  ])("answers 400 for a key that is %s", async (_label, key) => {
    const handler = createRunHandler(admin, { name: "never" });
    await expect(withIdempotency(post(admin, key, { name: "never" }), handler)).rejects.toMatchObject({ status: 400, code: "invalid_idempotency_key" });
    expect(handler.calls).toBe(0);
  });

  it("accepts a 255-character key", async () => {
    const key = `${randomUUID()}${"k".repeat(219)}`;
    expect(key).toHaveLength(255);
    const reply = await read(await withIdempotency(post(admin, key, { name: "long key" }), createRunHandler(admin, { name: "long key" })));
    expect(reply.status).toBe(201);
  });

  it("runs every request when no key is sent", async () => {
    const handler = createRunHandler(admin, { name: "no key" });
    await withIdempotency(post(admin, null, { name: "no key" }), handler);
    await withIdempotency(post(admin, null, { name: "no key" }), handler);
    expect(handler.calls).toBe(2);
  });

  it("keeps keys 24 hours, treats an expired key as absent, and purges expired keys", async () => {
    const key = newKey();
    const body = { name: "expiring" };
    const handler = createRunHandler(admin, body);
    await withIdempotency(post(admin, key, body), handler);
    const [row] = await getDb().select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(24 * 3600 * 1000);
    expect(row!.responseBody).not.toMatch(/opk_/);

    await getDb().execute(sql`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = ${key}`);
    const again = await read(await withIdempotency(post(admin, key, body), handler));
    expect(again.headers.has("Idempotent-Replayed")).toBe(false);
    expect(handler.calls).toBe(2);

    await getDb().execute(sql`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = ${key}`);
    expect(await purgeExpiredIdempotencyKeys()).toBeGreaterThanOrEqual(1);
    expect(await getDb().$count(idempotencyKeys, eq(idempotencyKeys.key, key))).toBe(0);
  });
});
