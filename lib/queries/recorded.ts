import "server-only";
import type { SortDirection } from "../db/keyset";
import { and, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { AccessContext } from "../auth/principal";
import { getDb, type Db } from "../db/client";
import { onReplica } from "../db/replica";
import { slowQueryMinutes, slowQuerySamples, slowQueryTexts } from "../db/schema";
import { authorizeQueryRead } from "./access";
import { emptyBuckets, quantileFromBuckets } from "./histogram";

// Reads of the recorded slow queries: aggregates per fingerprint over a time range, the
// routes that issued them, and the samples of one request.

export const RECORDED_SORTS = ["total", "mean", "calls", "max", "p95", "last"] as const;
export type RecordedSort = (typeof RECORDED_SORTS)[number];

export type RouteCalls = { route: string; calls: number };
export type RecordedQuery = {
  fingerprint: string;
  query: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  maxMs: number;
  p95Ms: number | null;
  firstSeen: string;
  lastSeen: string;
  routes: RouteCalls[];
  /** The latest requests that issued it (for the ?requestId= view). */
  recentRequests: string[];
};
export type RecordedSample = { id: number; fingerprint: string; query: string; occurredAt: string; durationMs: number; route: string; requestId: string | null; traceId: string | null };

export type Range = { from: Date; to: Date };

/** Fingerprints considered per listing; the page shows the top of them by the chosen sort. */
const MAX_FINGERPRINTS = 500;
const TOP_ROUTES = 5;
const RECENT_REQUESTS = 3;

/** `direction` (default desc) orders the fingerprints considered: asc shows the least of them first. */
type RecordedOptions = Range & { sort?: RecordedSort; direction?: SortDirection; route?: string; limit?: number };

export async function listRecordedQueries(ctx: AccessContext, options: RecordedOptions): Promise<RecordedQuery[]> {
  await authorizeQueryRead(ctx, "queries:recorded");
  // Lag-tolerant: served by the replica when it is up to date (lib/db/replica.ts).
  return onReplica((db) => readRecordedQueries(options, db));
}

/** The unchecked read, for background work (alert evaluation) whose results no caller sees raw. */
export async function readRecordedQueries(options: RecordedOptions, db: Db = getDb()): Promise<RecordedQuery[]> {
  const inRange = and(gte(slowQueryMinutes.bucketStart, options.from), lt(slowQueryMinutes.bucketStart, options.to), options.route ? eq(slowQueryMinutes.route, options.route) : undefined);
  const totals = await db
    .select({
      fingerprint: slowQueryMinutes.fingerprint,
      calls: sql<number>`sum(${slowQueryMinutes.calls})::float8`,
      totalMs: sql<number>`sum(${slowQueryMinutes.totalMs})::float8`,
      maxMs: sql<number>`max(${slowQueryMinutes.maxMs})::float8`,
    })
    .from(slowQueryMinutes)
    .where(inRange)
    .groupBy(slowQueryMinutes.fingerprint)
    .orderBy(desc(sql`sum(${slowQueryMinutes.totalMs})`))
    .limit(MAX_FINGERPRINTS);
  if (totals.length === 0) return [];
  const fingerprints = totals.map((t) => t.fingerprint);
  const scoped = and(inRange, inArray(slowQueryMinutes.fingerprint, fingerprints));

  const [texts, routes, buckets, recent] = await Promise.all([
    db.select().from(slowQueryTexts).where(inArray(slowQueryTexts.fingerprint, fingerprints)),
    db
      .select({ fingerprint: slowQueryMinutes.fingerprint, route: slowQueryMinutes.route, calls: sql<number>`sum(${slowQueryMinutes.calls})::float8` })
      .from(slowQueryMinutes)
      .where(scoped)
      .groupBy(slowQueryMinutes.fingerprint, slowQueryMinutes.route),
    db.execute<{ fingerprint: string; i: number; n: number }>(sql`
      SELECT ${slowQueryMinutes.fingerprint} AS fingerprint, b.i::int AS i, sum(b.n)::float8 AS n
      FROM ${slowQueryMinutes}, unnest(${slowQueryMinutes.buckets}) WITH ORDINALITY AS b(n, i)
      WHERE ${scoped} GROUP BY 1, 2`),
    db.execute<{ fingerprint: string; request_id: string }>(sql`
      SELECT fingerprint, request_id FROM (
        SELECT ${slowQuerySamples.fingerprint} AS fingerprint, ${slowQuerySamples.requestId} AS request_id,
               row_number() OVER (PARTITION BY ${slowQuerySamples.fingerprint} ORDER BY ${slowQuerySamples.occurredAt} DESC) AS n
        FROM ${slowQuerySamples}
        WHERE ${inArray(slowQuerySamples.fingerprint, fingerprints)} AND ${slowQuerySamples.requestId} IS NOT NULL
          AND ${gte(slowQuerySamples.occurredAt, options.from)} AND ${lt(slowQuerySamples.occurredAt, options.to)}
          ${options.route ? sql`AND ${eq(slowQuerySamples.route, options.route)}` : sql``}
      ) ranked WHERE n <= ${RECENT_REQUESTS}`),
  ]);
  const recentOf = new Map<string, string[]>();
  for (const r of recent.rows) (recentOf.get(r.fingerprint) ?? recentOf.set(r.fingerprint, []).get(r.fingerprint)!).push(r.request_id);

  const textOf = new Map(texts.map((t) => [t.fingerprint, t]));
  const routesOf = new Map<string, RouteCalls[]>();
  for (const r of routes) (routesOf.get(r.fingerprint) ?? routesOf.set(r.fingerprint, []).get(r.fingerprint)!).push({ route: r.route, calls: Number(r.calls) });
  const bucketsOf = new Map<string, number[]>();
  for (const b of buckets.rows) {
    const list = bucketsOf.get(b.fingerprint) ?? bucketsOf.set(b.fingerprint, emptyBuckets()).get(b.fingerprint)!;
    if (b.i >= 1 && b.i <= list.length) list[b.i - 1] = Number(b.n);
  }

  const rows: RecordedQuery[] = totals.map((t) => {
    const text = textOf.get(t.fingerprint);
    const calls = Number(t.calls);
    return {
      fingerprint: t.fingerprint,
      query: text?.query ?? "(text not recorded)",
      calls,
      totalMs: Number(t.totalMs),
      meanMs: calls > 0 ? Number(t.totalMs) / calls : 0,
      maxMs: Number(t.maxMs),
      p95Ms: quantileFromBuckets(bucketsOf.get(t.fingerprint) ?? [], 0.95, Number(t.maxMs)),
      firstSeen: (text?.firstSeen ?? options.from).toISOString(),
      lastSeen: (text?.lastSeen ?? options.to).toISOString(),
      routes: (routesOf.get(t.fingerprint) ?? []).sort((a, b) => b.calls - a.calls).slice(0, TOP_ROUTES),
      recentRequests: recentOf.get(t.fingerprint) ?? [],
    };
  });
  const key: Record<RecordedSort, (r: RecordedQuery) => number> = {
    total: (r) => r.totalMs,
    mean: (r) => r.meanMs,
    calls: (r) => r.calls,
    max: (r) => r.maxMs,
    p95: (r) => r.p95Ms ?? 0,
    last: (r) => Date.parse(r.lastSeen),
  };
  const by = key[options.sort ?? "total"];
  const sign = options.direction === "asc" ? -1 : 1;
  // Ties keep a stable order either way (by fingerprint), so a toggle reverses the list exactly.
  return rows.sort((a, b) => sign * (by(b) - by(a) || (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0))).slice(0, options.limit ?? 100);
}

/** The slow queries one request issued (the `?requestId=` cross-link), slowest first. */
export async function samplesForRequest(ctx: AccessContext, requestId: string): Promise<RecordedSample[]> {
  await authorizeQueryRead(ctx, "queries:samples");
  const rows = await getDb()
    .select({ sample: slowQuerySamples, query: slowQueryTexts.query })
    .from(slowQuerySamples)
    .leftJoin(slowQueryTexts, eq(slowQueryTexts.fingerprint, slowQuerySamples.fingerprint))
    .where(eq(slowQuerySamples.requestId, requestId))
    .orderBy(desc(slowQuerySamples.durationMs))
    .limit(200);
  return rows.map(({ sample, query }) => ({
    id: sample.id,
    fingerprint: sample.fingerprint,
    query: query ?? "(text not recorded)",
    occurredAt: sample.occurredAt.toISOString(),
    durationMs: sample.durationMs,
    route: sample.route,
    requestId: sample.requestId,
    traceId: sample.traceId,
  }));
}

/** For a route view on /metrics: the slow queries that route issued in the range. */
export async function slowQueriesForRoute(ctx: AccessContext, route: string, range: Range): Promise<RecordedQuery[]> {
  return listRecordedQueries(ctx, { ...range, route, limit: 20 });
}

/** The normalized text of a recorded fingerprint (for EXPLAIN), or null. */
export async function recordedQueryText(fingerprint: string): Promise<string | null> {
  const [row] = await getDb().select({ query: slowQueryTexts.query }).from(slowQueryTexts).where(eq(slowQueryTexts.fingerprint, fingerprint)).limit(1);
  return row?.query ?? null;
}
