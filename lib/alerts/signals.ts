import "server-only";
import { Cron } from "croner";
import { and, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { getDb } from "../db/client";
import { monitors, projects, runs, type AlertRule, type Labels } from "../db/schema";
import { getMetricsHistory, type RouteRow } from "../metrics/history";
import { readRecordedQueries, type RecordedQuery } from "../queries/recorded";
import { FINAL_STATUSES } from "../runs/state-machine";
import type { AlertKind } from "./schemas";

// What each rule sees at one evaluation: a set of groups (a monitor, a project, a route, a
// fingerprint), each active (the condition holds) or not, with the value and a sentence.
// Rules of one kind are answered together: one query per kind and distinct window, not one
// per rule, so 500 rules cost a handful of queries.

export type Observation = {
  groupKey: string;
  labels: Labels;
  active: boolean;
  value: number | null;
  title: string;
  summary: string;
  projectId: string | null;
};

export type EvaluatedRule = AlertRule & { projectSlug: string | null };

type Observe = (rules: EvaluatedRule[], now: Date) => Promise<Map<string, Observation[]>>;

const ago = (now: Date, seconds: number) => new Date(now.getTime() - seconds * 1000);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${Math.round(x)} ms`);

/** One map entry per rule, so a rule with no group still has an (empty) answer. */
function byRule(rules: EvaluatedRule[], f: (rule: EvaluatedRule) => Observation[]): Map<string, Observation[]> {
  return new Map(rules.map((rule) => [rule.id, f(rule)]));
}

/** Memoizes one query per distinct key within an evaluation. */
function once<K, V>(load: (key: K) => Promise<V>): (key: K, id: string) => Promise<V> {
  const seen = new Map<string, Promise<V>>();
  return (key, id) => {
    if (!seen.has(id)) seen.set(id, load(key));
    return seen.get(id)!;
  };
}

const monitorDown: Observe = async (rules, now) => {
  const rows = await getDb().select().from(monitors).where(eq(monitors.enabled, true));
  return byRule(rules, (rule) =>
    rows
      .filter((m) => !rule.monitorId || m.id === rule.monitorId)
      .map((m) => {
        const active = m.status === "down" || (rule.params.includeDegraded === true && m.status === "degraded");
        return {
          groupKey: `monitor:${m.id}`,
          labels: { monitor: m.name, monitor_id: m.id },
          active,
          value: active ? Math.round((now.getTime() - m.statusSince.getTime()) / 1000) : 0,
          title: `${m.name} is ${m.status === "degraded" ? "degraded" : "down"}`,
          summary: active ? `${m.name} has been ${m.status} since ${m.statusSince.toISOString()}` : `${m.name} is ${m.status}`,
          projectId: null,
        };
      }),
  );
};

type ProjectRef = { id: string; slug: string };

/** The projects a run rule covers: its own, or every active one. */
async function projectsFor(): Promise<Map<string, ProjectRef>> {
  const rows = await getDb().select({ id: projects.id, slug: projects.slug }).from(projects).where(sql`${projects.archivedAt} IS NULL`);
  return new Map(rows.map((p) => [p.id, p]));
}
const inScope = (rule: EvaluatedRule, all: Map<string, ProjectRef>) => (rule.projectId ? [all.get(rule.projectId)].filter((p): p is ProjectRef => !!p) : [...all.values()]);

const runFailed: Observe = async (rules, now) => {
  const all = await projectsFor();
  // The newest finished run per project (and kind / name pattern), over the last day: a
  // failure fires, the next success resolves ("broken until green").
  const latest = once(async ({ runKind, namePattern }: { runKind?: string; namePattern?: string }) => {
    const where: SQL[] = [gte(runs.createdAt, ago(now, 86_400)), inArray(runs.status, ["succeeded", "failed"])];
    if (runKind) where.push(eq(runs.kind, runKind));
    if (namePattern) where.push(sql`${runs.name} ~ ${namePattern}`);
    const rows = await getDb()
      .selectDistinctOn([runs.projectId], { projectId: runs.projectId, id: runs.id, name: runs.name, status: runs.status, finishedAt: runs.finishedAt })
      .from(runs)
      .where(and(...where))
      .orderBy(runs.projectId, desc(runs.finishedAt));
    return new Map(rows.map((r) => [r.projectId, r]));
  });
  const out = new Map<string, Observation[]>();
  for (const rule of rules) {
    const p = rule.params as { runKind?: string; namePattern?: string };
    const last = await latest(p, `${p.runKind ?? ""}|${p.namePattern ?? ""}`);
    out.set(
      rule.id,
      inScope(rule, all).map((project) => {
        const run = last.get(project.id);
        return {
          groupKey: `project:${project.id}`,
          labels: { project: project.slug },
          active: run?.status === "failed",
          value: run?.status === "failed" ? 1 : 0,
          title: `${run?.name ?? "A run"} failed in ${project.slug}`,
          summary: run ? `The latest ${p.runKind ?? ""} run ${run.name} in ${project.slug} ${run.status} at ${run.finishedAt?.toISOString() ?? "?"} (run ${run.id})` : `No finished runs in ${project.slug}`,
          projectId: project.id,
        };
      }),
    );
  }
  return out;
};

const runFailureRate: Observe = async (rules, now) => {
  const all = await projectsFor();
  const counts = once(async ({ windowSeconds, runKind }: { windowSeconds: number; runKind?: string }) => {
    const where: SQL[] = [gte(runs.createdAt, ago(now, windowSeconds)), lt(runs.createdAt, now)];
    if (runKind) where.push(eq(runs.kind, runKind));
    const rows = await getDb()
      .select({
        projectId: runs.projectId,
        finished: sql<number>`count(*) FILTER (WHERE ${inArray(runs.status, [...FINAL_STATUSES])})`.mapWith(Number),
        failed: sql<number>`count(*) FILTER (WHERE ${eq(runs.status, "failed")})`.mapWith(Number),
      })
      .from(runs)
      .where(and(...where))
      .groupBy(runs.projectId);
    return new Map(rows.map((r) => [r.projectId, r]));
  });
  const out = new Map<string, Observation[]>();
  for (const rule of rules) {
    const p = rule.params as { windowSeconds: number; threshold: number; minRuns: number; runKind?: string };
    const byProject = await counts(p, `${p.windowSeconds}|${p.runKind ?? ""}`);
    out.set(
      rule.id,
      inScope(rule, all).map((project) => {
        const c = byProject.get(project.id) ?? { finished: 0, failed: 0 };
        const rate = c.finished ? c.failed / c.finished : 0;
        return {
          groupKey: `project:${project.id}`,
          labels: { project: project.slug },
          active: c.finished >= p.minRuns && rate >= p.threshold,
          value: rate,
          title: `${pct(rate)} of runs failing in ${project.slug}`,
          summary: `${c.failed} of ${c.finished} finished runs failed in ${project.slug} over the last ${Math.round(p.windowSeconds / 60)} min (threshold ${pct(p.threshold)}, at least ${p.minRuns} runs)`,
          projectId: project.id,
        };
      }),
    );
  }
  return out;
};

const runStuck: Observe = async (rules, now) => {
  const all = await projectsFor();
  // Active runs only: the partial index on queued/running rows (drizzle/0005) keeps this
  // independent of how much history there is.
  const active = await getDb()
    .select({ projectId: runs.projectId, status: runs.status, createdAt: runs.createdAt, startedAt: runs.startedAt })
    .from(runs)
    .where(inArray(runs.status, ["queued", "running"]));
  const byProject = new Map<string, typeof active>();
  for (const r of active) (byProject.get(r.projectId) ?? byProject.set(r.projectId, []).get(r.projectId)!).push(r);
  const out = new Map<string, Observation[]>();
  for (const rule of rules) {
    const p = rule.params as { queuedSeconds?: number; runningSeconds?: number };
    out.set(
      rule.id,
      inScope(rule, all).map((project) => {
        const mine = byProject.get(project.id) ?? [];
        const queued = p.queuedSeconds ? mine.filter((r) => r.status === "queued" && r.createdAt < ago(now, p.queuedSeconds!)).length : 0;
        const running = p.runningSeconds ? mine.filter((r) => r.status === "running" && (r.startedAt ?? r.createdAt) < ago(now, p.runningSeconds!)).length : 0;
        return {
          groupKey: `project:${project.id}`,
          labels: { project: project.slug },
          active: queued + running > 0,
          value: queued + running,
          title: `${queued + running} stuck run${queued + running === 1 ? "" : "s"} in ${project.slug}`,
          summary: `${queued} queued longer than ${p.queuedSeconds ?? "∞"} s, ${running} running longer than ${p.runningSeconds ?? "∞"} s in ${project.slug}`,
          projectId: project.id,
        };
      }),
    );
  }
  return out;
};

/** When the newest check-in was due: the last cron occurrence, or one interval ago. */
export function expectedBy(p: { intervalSeconds?: number; cron?: string }, now: Date): Date | null {
  if (p.cron) return new Cron(p.cron, { timezone: "UTC" }).previousRuns(1, now)[0] ?? null;
  return p.intervalSeconds ? ago(now, p.intervalSeconds) : null;
}

const runMissing: Observe = async (rules, now) => {
  const all = await projectsFor();
  // The newest check-in of a kind in every project, one query per distinct kind: a backward
  // walk of runs_project_created_idx per project (the order must match the index's NULLS LAST,
  // or PostgreSQL sorts the project's whole history instead), stopping at the first match.
  const projectIds = [...all.keys()];
  const latest = once(async (runKind: string) => {
    if (projectIds.length === 0) return new Map<string, Date>();
    const { rows } = await getDb().execute<{ project_id: string; created_at: Date | string }>(sql`
      SELECT p.id AS project_id, last.created_at
      FROM unnest(${sql.param(projectIds)}::uuid[]) AS p(id)
      CROSS JOIN LATERAL (
        SELECT ${runs.createdAt} AS created_at FROM ${runs}
        WHERE ${runs.projectId} = p.id AND ${runs.kind} = ${runKind}
        ORDER BY ${runs.createdAt} DESC NULLS LAST, ${runs.id} DESC NULLS LAST
        LIMIT 1
      ) AS last`);
    return new Map(rows.map((r) => [r.project_id, new Date(r.created_at)]));
  });
  const out = new Map<string, Observation[]>();
  for (const rule of rules) {
    const p = rule.params as { runKind: string; intervalSeconds?: number; cron?: string; graceSeconds: number };
    // The check-in that should have arrived by now: due at `expected`, late after the grace.
    const due = expectedBy(p, ago(now, p.graceSeconds));
    const lastByProject = await latest(p.runKind, p.runKind);
    const observations: Observation[] = [];
    for (const project of inScope(rule, all)) {
      const lastAt = lastByProject.get(project.id);
      // Before the rule existed nothing was expected; a check-in up to the grace early counts.
      const expected = due && due > rule.createdAt ? new Date(due.getTime() - p.graceSeconds * 1000) : null;
      const missing = expected !== null && (!lastAt || lastAt < expected);
      observations.push({
        groupKey: `project:${project.id}`,
        labels: { project: project.slug, run_kind: p.runKind },
        active: missing,
        value: lastAt ? Math.round((now.getTime() - lastAt.getTime()) / 1000) : null,
        title: `No ${p.runKind} run in ${project.slug} since ${due?.toISOString() ?? "its schedule"}`,
        summary: `A ${p.runKind} run was due in ${project.slug} by ${due?.toISOString() ?? "?"} (${p.cron ? `cron ${p.cron}` : `every ${p.intervalSeconds} s`}, grace ${p.graceSeconds} s); the last one started ${lastAt?.toISOString() ?? "never"}`,
        projectId: project.id,
      });
    }
    out.set(rule.id, observations);
  }
  return out;
};

/** Per-route request aggregates (merged histograms, as /metrics), one read per distinct window. */
function routeWindows(now: Date) {
  return once((windowSeconds: number) => getMetricsHistory({ from: ago(now, windowSeconds), to: now }).then((h) => h.routes));
}

function routeObservations(rule: EvaluatedRule, rows: RouteRow[], test: (r: RouteRow) => { active: boolean; value: number | null; title: string; summary: string }): Observation[] {
  const route = (rule.params as { route?: string }).route;
  return rows
    .filter((r) => !route || r.route === route)
    .map((r) => ({ groupKey: `route:${r.method} ${r.route}`, labels: { route: r.route, method: r.method }, projectId: null, ...test(r) }));
}

const routeLatency: Observe = async (rules, now) => {
  const read = routeWindows(now);
  const out = new Map<string, Observation[]>();
  for (const rule of rules) {
    const p = rule.params as { quantile: "p95" | "p99"; thresholdMs: number; windowSeconds: number; minRequests: number };
    const rows = await read(p.windowSeconds, String(p.windowSeconds));
    out.set(
      rule.id,
      routeObservations(rule, rows, (r) => {
        const seconds = r[p.quantile];
        const value = seconds === null ? null : seconds * 1000;
        return {
          active: r.count >= p.minRequests && value !== null && value > p.thresholdMs,
          value,
          title: `${r.method} ${r.route} ${p.quantile} is ${value === null ? "unknown" : ms(value)}`,
          summary: `${p.quantile} ${value === null ? "unknown" : ms(value)} over ${r.count} requests in the last ${Math.round(p.windowSeconds / 60)} min (threshold ${ms(p.thresholdMs)})`,
        };
      }),
    );
  }
  return out;
};

const routeErrors: Observe = async (rules, now) => {
  const read = routeWindows(now);
  const out = new Map<string, Observation[]>();
  for (const rule of rules) {
    const p = rule.params as { thresholdPercent: number; windowSeconds: number; minRequests: number };
    const rows = await read(p.windowSeconds, String(p.windowSeconds));
    out.set(
      rule.id,
      routeObservations(rule, rows, (r) => {
        const rate = r.errorRate ?? 0;
        return {
          active: r.count >= p.minRequests && rate * 100 > p.thresholdPercent,
          value: rate,
          title: `${r.method} ${r.route} answers ${pct(rate)} 5xx`,
          summary: `${r.errors} of ${r.count} requests answered 5xx in the last ${Math.round(p.windowSeconds / 60)} min (threshold ${p.thresholdPercent} %)`,
        };
      }),
    );
  }
  return out;
};

const slowQuery: Observe = async (rules, now) => {
  const read = once((windowSeconds: number) => readRecordedQueries({ from: ago(now, windowSeconds), to: now, limit: 500 }));
  const out = new Map<string, Observation[]>();
  for (const rule of rules) {
    const p = rule.params as { fingerprint?: string; statistic: "mean" | "p95" | "new"; thresholdMs?: number; windowSeconds: number };
    const rows: RecordedQuery[] = (await read(p.windowSeconds, String(p.windowSeconds))).filter((q) => !p.fingerprint || q.fingerprint === p.fingerprint);
    out.set(
      rule.id,
      rows.map((q) => {
        const value = p.statistic === "mean" ? q.meanMs : p.statistic === "p95" ? (q.p95Ms ?? q.maxMs) : q.maxMs;
        const isNew = new Date(q.firstSeen) >= ago(now, p.windowSeconds);
        return {
          groupKey: `fingerprint:${q.fingerprint}`,
          labels: { fingerprint: q.fingerprint },
          active: p.statistic === "new" ? isNew : value > (p.thresholdMs ?? Infinity),
          value,
          title: p.statistic === "new" ? `New slow query ${q.fingerprint.slice(0, 12)}` : `Query ${q.fingerprint.slice(0, 12)} ${p.statistic} ${ms(value)}`,
          summary: `${q.query.slice(0, 200)} — ${q.calls} calls, mean ${ms(q.meanMs)}, p95 ${q.p95Ms === null ? "?" : ms(q.p95Ms)}, first seen ${q.firstSeen}`,
          projectId: null,
        };
      }),
    );
  }
  return out;
};

export const OBSERVERS: Record<AlertKind, Observe> = {
  monitor_down: monitorDown,
  run_failed: runFailed,
  run_failure_rate: runFailureRate,
  run_stuck: runStuck,
  run_missing: runMissing,
  route_latency: routeLatency,
  route_errors: routeErrors,
  slow_query: slowQuery,
};

/** Every rule's observations at `now`: one pass per kind. */
export async function observeAll(rules: EvaluatedRule[], now: Date): Promise<Map<string, Observation[]>> {
  const out = new Map<string, Observation[]>();
  const kinds = [...new Set(rules.map((r) => r.kind))] as AlertKind[];
  for (const kind of kinds) {
    const observe = OBSERVERS[kind];
    if (!observe) continue;
    for (const [id, obs] of await observe(rules.filter((r) => r.kind === kind), now)) out.set(id, obs);
  }
  return out;
}
