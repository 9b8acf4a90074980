import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { canonicalJson } from "../audit/chain";
import { callerKey, type AccessContext } from "../auth/principal";
import { getConfig } from "../config";
import { getDb } from "../db/client";
import type { Json } from "../openapi/operation";
import { idempotencyKeys, type IdempotencyKey } from "../db/schema";
import { HttpError, problemOf, type ProblemParts } from "./problem";
import { replyToResponse, type Reply } from "./reply";
import { errorField, log } from "../log/logger";

// Idempotency-Key for POST run creation, with Stripe's semantics:
// - the key is scoped to the caller (API key, or user for session callers);
// - same key and same request (method, path, SHA-256 of the canonical body) → the stored
//   answer is replayed with `Idempotent-Replayed: true`, and the handler does not run;
// - same key, different request → 422; same key while the first is still running → 409;
// - 2xx and 4xx answers are stored (a 404 stays a 404 on retry); a 5xx or an unexpected
//   error releases the key so a retry can run. Request validation happens in the pipeline
//   before we are called, so a malformed request never claims a key.
// Concurrency: a claim row (in_progress) is INSERTed … ON CONFLICT and committed before the
// handler runs, so of N concurrent requests exactly one wins the row.
// Stored answers must hold no secrets: run creation answers are run DTOs.

export const IDEMPOTENCY_HEADER = "Idempotency-Key";
export const REPLAYED_HEADER = "Idempotent-Replayed";

// Printable ASCII, 1–255 characters (Stripe allows 255; UUIDs are the usual choice).
const KEY_SHAPE = /^[\x20-\x7E]{1,255}$/;

/** The header as the OpenAPI document describes it, for the doc of each route that honours it. */
export const IDEMPOTENCY_KEY_PARAMETER: Json = {
  name: IDEMPOTENCY_HEADER,
  in: "header",
  required: false,
  description:
    "A unique key per logical request (a UUID, say). A retry with the same key and body replays the first answer, marked `Idempotent-Replayed: true`, instead of creating a second run; the same key with a different body is a 422, and a 409 while the first request is still in flight.",
  schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x20-\\x7E]+$" },
};

/** Response headers never stored: per-request or per-caller, and set again on every answer. */
const UNSTORED_HEADERS = new Set(["set-cookie", "x-request-id", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", REPLAYED_HEADER.toLowerCase()]);
const PURGE_EVERY_MS = 60_000;
const PURGE_BATCH = 500;

export type IdempotencyContext = { request: Request; access: AccessContext; body: unknown };

type Fingerprint = { scope: string; key: string; method: string; path: string; requestHash: string };
type StoredAnswer = { status: number; headers: Record<string, string>; body: string | null };

/**
 * A 4xx is stored as the parts of its problem (not the rendered document), so a replay goes
 * through the pipeline's one error path again and carries that request's own id.
 */
const PROBLEM_MARK = "application/x-opsdeck-problem";

/** Runs `run` at most once per (caller, Idempotency-Key); without the header it simply runs. */
export async function withIdempotency(ctx: IdempotencyContext, run: () => Promise<Reply>): Promise<Reply> {
  const key = ctx.request.headers.get(IDEMPOTENCY_HEADER);
  if (key === null) return run();
  if (!KEY_SHAPE.test(key)) {
    throw new HttpError(400, "invalid_idempotency_key", `${IDEMPOTENCY_HEADER} must be 1 to 255 printable ASCII characters`);
  }
  purgeSoon();
  const url = new URL(ctx.request.url);
  const fingerprint: Fingerprint = {
    scope: callerKey(ctx.access.principal),
    key,
    method: ctx.request.method.toUpperCase(),
    path: url.pathname + url.search,
    requestHash: createHash("sha256").update(canonicalJson(ctx.body ?? null)).digest("hex"),
  };

  // A lost race with a release (the owner failed and deleted its claim) leaves no row to
  // answer from; claiming again settles it.
  await settlePendingRelease(fingerprint);
  for (let attempt = 0; attempt < 3; attempt++) {
    const token = await claim(fingerprint);
    if (token) return execute(fingerprint, token, ctx.request, run);
    const existing = await findKey(fingerprint);
    if (existing) return answerFrom(existing, fingerprint);
  }
  throw new HttpError(409, "idempotency_key_in_progress", "A request with this key is in progress", { headers: { "Retry-After": "1" } });
}

/**
 * Inserts the in_progress row, or takes over an expired one, or one abandoned by a process
 * that died mid-handler (same request, locked longer than a handler can run). Returns the
 * claim token when this request owns the key.
 */
async function claim(f: Fingerprint): Promise<string | null> {
  const config = getConfig();
  const token = randomUUID();
  // A handler's statements are bounded by the statement timeout; twice that, and at least a minute, means nobody is running it.
  const abandonedAfterSeconds = Math.max(60, Math.ceil((config.DATABASE_STATEMENT_TIMEOUT_MS * 2) / 1000));
  const expiresAt = sql`now() + make_interval(hours => ${config.IDEMPOTENCY_TTL_HOURS})`;
  const [row] = await getDb()
    .insert(idempotencyKeys)
    .values({ ...f, state: "in_progress", claimToken: token, expiresAt })
    .onConflictDoUpdate({
      target: [idempotencyKeys.scope, idempotencyKeys.key],
      set: {
        method: f.method,
        path: f.path,
        requestHash: f.requestHash,
        state: "in_progress",
        claimToken: token,
        lockedAt: sql`now()`,
        responseStatus: null,
        responseHeaders: null,
        responseBody: null,
        createdAt: sql`now()`,
        completedAt: null,
        expiresAt,
      },
      setWhere: sql`${idempotencyKeys.expiresAt} <= now()
        OR (${idempotencyKeys.state} = 'in_progress'
            AND ${idempotencyKeys.lockedAt} < now() - make_interval(secs => ${abandonedAfterSeconds})
            AND ${idempotencyKeys.method} = ${f.method} AND ${idempotencyKeys.path} = ${f.path}
            AND ${idempotencyKeys.requestHash} = ${f.requestHash})`,
    })
    .returning({ token: idempotencyKeys.claimToken });
  return row?.token === token ? token : null;
}

async function findKey(f: Fingerprint): Promise<IdempotencyKey | undefined> {
  const [row] = await getDb()
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, f.scope), eq(idempotencyKeys.key, f.key), sql`${idempotencyKeys.expiresAt} > now()`));
  return row;
}

function answerFrom(row: IdempotencyKey, f: Fingerprint): Reply {
  if (row.method !== f.method || row.path !== f.path || row.requestHash !== f.requestHash) {
    throw new HttpError(422, "idempotency_key_reused", `This ${IDEMPOTENCY_HEADER} was already used with a different request; use a new key for a new request`);
  }
  if (row.state === "in_progress" || row.responseStatus === null) {
    throw new HttpError(409, "idempotency_key_in_progress", "A request with this key is in progress", { headers: { "Retry-After": "1" } });
  }
  return replay({ status: row.responseStatus, headers: row.responseHeaders ?? {}, body: row.responseBody });
}

async function execute(f: Fingerprint, token: string, request: Request, run: () => Promise<Reply>): Promise<Reply> {
  let reply: Reply;
  try {
    reply = await run();
  } catch (err) {
    const problem = problemOf(err);
    if (!problem || problem.status >= 500) {
      await release(f, token);
      throw err;
    }
    await store(f, token, problemAnswer(problem));
    throw err;
  }
  // Stored exactly as the pipeline will send it (POST answers carry no validator).
  const response = replyToResponse(request, reply, false);
  if (response.status >= 500) await release(f, token);
  else await store(f, token, await answerOf(response));
  return reply instanceof Response ? response : reply;
}

function storableHeaders(headers: Headers | Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of new Headers(headers).entries()) if (!UNSTORED_HEADERS.has(name)) out[name] = value;
  return out;
}

const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/** The answer exactly as the pipeline sends it. */
async function answerOf(response: Response): Promise<StoredAnswer> {
  return { status: response.status, headers: storableHeaders(response.headers), body: NULL_BODY_STATUSES.has(response.status) ? null : await response.clone().text() };
}

function problemAnswer(problem: ProblemParts): StoredAnswer {
  const { headers, ...extra } = problem.extra;
  return { status: problem.status, headers: { ...storableHeaders(headers), "content-type": PROBLEM_MARK }, body: JSON.stringify({ code: problem.code, detail: problem.detail, extra }) };
}

function replay(answer: StoredAnswer): Reply {
  const { "content-type": type, ...rest } = answer.headers;
  const headers: Record<string, string> = { ...rest, [REPLAYED_HEADER]: "true" };
  if (type === PROBLEM_MARK && answer.body) {
    // Thrown again, so the pipeline renders it like any other error, with this request's id.
    const { code, detail, extra } = JSON.parse(answer.body) as Omit<ProblemParts, "status">;
    throw new HttpError(answer.status, code, detail, { ...extra, headers });
  }
  return new Response(answer.body, { status: answer.status, headers: type ? { ...headers, "content-type": type } : headers });
}

async function store(f: Fingerprint, token: string, answer: StoredAnswer): Promise<void> {
  try {
    await getDb()
      .update(idempotencyKeys)
      .set({ state: "completed", responseStatus: answer.status, responseHeaders: answer.headers, responseBody: answer.body, completedAt: sql`now()` })
      .where(and(eq(idempotencyKeys.scope, f.scope), eq(idempotencyKeys.key, f.key), eq(idempotencyKeys.claimToken, token)));
  } catch (err) {
    // The work is done; answering it is more honest than a 500 the client would retry. The
    // claim stays in_progress (409s) until it counts as abandoned.
    log("idempotency").error({ scope: f.scope, err: errorField(err) }, "could not store the answer");
  }
}

function deleteClaim(f: Fingerprint, token: string) {
  return getDb()
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, f.scope), eq(idempotencyKeys.key, f.key), eq(idempotencyKeys.claimToken, token)));
}

// Claims whose request failed but which could not be deleted then (the database was the
// reason the request failed): deleted again every second until it answers, so a client's
// retry after an outage proceeds instead of meeting 409 in_progress until the claim counts
// as abandoned.
const unreleased = (globalThis as unknown as { __opsdeckUnreleasedClaims?: Map<string, { f: Fingerprint; token: string; until: number }> }).__opsdeckUnreleasedClaims ??= new Map();
let releaseTimer: NodeJS.Timeout | undefined;

async function releasePending(): Promise<void> {
  for (const [id, { f, token, until }] of unreleased) {
    if (Date.now() > until) unreleased.delete(id);
    else await deleteClaim(f, token).then(() => unreleased.delete(id), () => undefined);
  }
  releaseTimer = unreleased.size ? setTimeout(() => void releasePending(), 1_000).unref() : undefined;
}

async function release(f: Fingerprint, token: string): Promise<void> {
  try {
    await deleteClaim(f, token);
  } catch (err) {
    log("idempotency").error({ scope: f.scope, err: errorField(err) }, "could not release a key yet, retrying");
    unreleased.set(`${f.scope}\u0000${f.key}`, { f, token, until: Date.now() + 10 * 60_000 });
    releaseTimer ??= setTimeout(() => void releasePending(), 1_000).unref();
  }
}

/** Before claiming: a pending release of this very key is retried first (the outage may be over). */
async function settlePendingRelease(f: Fingerprint): Promise<void> {
  const pending = unreleased.get(`${f.scope}\u0000${f.key}`);
  if (!pending) return;
  await deleteClaim(pending.f, pending.token).then(() => unreleased.delete(`${f.scope}\u0000${f.key}`), () => undefined);
}

/**
 * Deletes up to `limit` expired keys, oldest first; concurrent purgers skip each other's
 * rows. Expired keys are already treated as absent, so this only reclaims space.
 */
export async function purgeExpiredIdempotencyKeys(limit = PURGE_BATCH): Promise<number> {
  const result = await getDb().execute(sql`
    DELETE FROM ${idempotencyKeys} WHERE (scope, key) IN (
      SELECT scope, key FROM ${idempotencyKeys} WHERE expires_at <= now()
      ORDER BY expires_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)`);
  return result.rowCount ?? 0;
}

const holder = globalThis as unknown as { __opsdeckIdempotencyPurgedAt?: number };

/** Opportunistic purge, at most once a minute per process, off the request's path. */
function purgeSoon(): void {
  const now = Date.now();
  if (now - (holder.__opsdeckIdempotencyPurgedAt ?? 0) < PURGE_EVERY_MS) return;
  holder.__opsdeckIdempotencyPurgedAt = now;
  void purgeExpiredIdempotencyKeys().catch((err: unknown) => log("idempotency").error({ err: errorField(err) }, "purge failed"));
}
