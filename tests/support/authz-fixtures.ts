import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/db/schema";
import { createRun } from "@/lib/runs/create";
import { patchRun } from "@/lib/runs/update";
import { alertRules, channels, incidents, monitors, silences, slowQueryTexts, statusPages } from "@/lib/db/schema";
import { seal } from "@/lib/security/secret-box";
import { createUser } from "@/lib/users/create";
import { makeKey, makeProject, unique } from "./api";
import type { ProjectDto } from "@/lib/projects/dto";

// Inputs for every registered server action and route, used by tests/authz-matrix.test.ts.
// Each fixture is called afresh for every role that is allowed through, so it builds what it
// needs (a new user, a new key) rather than sharing state between calls. An action or route
// without an entry here FAILS the matrix: add one when you add an action or a route.

const system = { type: "system", label: "authz-matrix" } as const;

export type World = {
  project: ProjectDto;
  runId: string;
  /** A fresh user of `role` (not signed in). */
  makeUser(role: Role): Promise<{ id: string; email: string }>;
  /** A fresh key bound to the world's project. */
  makeBoundKey(): Promise<{ id: string }>;
  /** A fresh run in the world's project: queued, or finished as failed. */
  makeRun(state: "queued" | "failed"): Promise<{ id: string }>;
  /** Fresh alerting objects, made directly (the matrix tests who may change them). */
  makeRule(): Promise<string>;
  makeChannel(): Promise<string>;
  makeSilence(): Promise<string>;
  makeIncident(): Promise<string>;
};

export async function buildWorld(): Promise<World> {
  const owner = await makeKey();
  const project = await makeProject(owner);
  const run = await createRun(owner.access, project.slug, { name: "matrix run" });
  return {
    project,
    runId: run.id,
    makeUser: (role) => getDb().transaction((tx) => createUser(tx, { email: `${unique("u")}@example.com`, role, password: "matrix-password-123" }, system)),
    makeRun: async (state) => {
      const created = await createRun(owner.access, project.slug, { name: `matrix ${state}` });
      if (state === "failed") {
        await patchRun(owner.access, created.id, { status: "running" });
        await patchRun(owner.access, created.id, { status: "failed" });
      }
      return { id: created.id };
    },
    makeBoundKey: () => makeKey({ scopes: ["runs:read"], project: project.slug }),
    makeRule: async () => (await getDb().insert(alertRules).values({ name: unique("rule"), kind: "run_stuck", params: { queuedSeconds: 600 } }).returning({ id: alertRules.id }))[0]!.id,
    makeChannel: async () => (await getDb().insert(channels).values({ name: unique("hook"), kind: "webhook", config: {}, secret: seal(JSON.stringify({ url: "http://127.0.0.1:9/hook", signingSecret: "whsec_bWF0cml4LXNlY3JldC1tYXRyaXgtc2VjcmV0" })) }).returning({ id: channels.id }))[0]!.id,
    makeSilence: async () => (await getDb().insert(silences).values({ matchers: [{ label: "x", op: "=", value: "y" }], startsAt: new Date(), endsAt: new Date(Date.now() + 3600_000) }).returning({ id: silences.id }))[0]!.id,
    makeIncident: async () => (await getDb().insert(incidents).values({ dedupKey: unique("dedup"), title: "matrix incident", severity: "warning", status: "open" }).returning({ id: incidents.id }))[0]!.id,
  };
}

type ActionFixture = (w: World) => unknown;

/** An unpublished status page to change, delete or post to. */
async function makeStatusPage(): Promise<string> {
  const [row] = await getDb().insert(statusPages).values({ slug: unique("sp"), title: "Matrix page", published: false }).returning({ id: statusPages.id });
  return row!.id;
}

/** A paused heartbeat monitor whose token can be rotated. */
async function makeHeartbeatMonitor(): Promise<string> {
  const [row] = await getDb().insert(monitors).values({ name: unique("hb"), type: "heartbeat", heartbeatPeriodSeconds: 60, enabled: false }).returning({ id: monitors.id });
  return row!.id;
}

/** A monitor row to update or delete (paused, pointing at a closed loopback port). */
async function makeMonitor(): Promise<string> {
  const [row] = await getDb().insert(monitors).values({ name: unique("mon"), url: "http://127.0.0.1:9/", enabled: false }).returning({ id: monitors.id });
  return row!.id;
}

export const actionFixtures: Record<string, ActionFixture> = {
  "users.create": () => ({ email: `${unique("new")}@example.com`, role: "viewer" }),
  "users.set_role": async (w) => ({ userId: (await w.makeUser("viewer")).id, role: "operator" }),
  "users.set_disabled": async (w) => ({ userId: (await w.makeUser("viewer")).id, disabled: true }),
  "users.reset_password": async (w) => ({ userId: (await w.makeUser("viewer")).id }),
  "api_keys.create": (w) => ({ name: unique("ci"), scopes: ["runs:read"], projectSlug: w.project.slug }),
  "api_keys.revoke": async (w) => ({ id: (await w.makeBoundKey()).id }),
  "system.reset_rate_limit": () => ({ kind: "ip", value: "203.0.113.9" }),
  "system.flush_cache": () => ({ all: true }),
  "run.cancel": async (w) => ({ runId: (await w.makeRun("queued")).id }),
  "run.retry": async (w) => ({ runId: (await w.makeRun("failed")).id }),
  "project.archive": (w) => ({ slug: w.project.slug, archived: false }),
  "audit.verify": () => ({}),
  "monitor.create": () => ({ name: unique("mon"), url: "http://127.0.0.1:9/matrix" }),
  "monitor.update": async () => ({ id: await makeMonitor(), name: unique("mon"), url: "http://127.0.0.1:9/renamed" }),
  "monitor.delete": async () => ({ id: await makeMonitor() }),
  "monitor.set_enabled": async () => ({ id: await makeMonitor(), enabled: false }),
  "monitor.rotate_token": async () => ({ id: await makeHeartbeatMonitor() }),
  "status_pages.create": () => ({ slug: unique("sp"), title: "Matrix page", published: false }),
  "status_pages.update": async () => ({ id: await makeStatusPage(), patch: { title: "Renamed by the matrix" } }),
  "status_pages.delete": async () => ({ id: await makeStatusPage() }),
  "status_pages.post_update": async () => ({ id: await makeStatusPage(), update: { title: "Matrix incident", status: "investigating", message: "from the matrix" } }),
  "queries.explain": async () => {
    const fingerprint = unique("fp");
    await getDb().insert(slowQueryTexts).values({ fingerprint, query: "SELECT 1" });
    return { source: "recorded", id: fingerprint, analyze: false };
  },
  "queries.reset_stats": () => ({}),
  "alert_rules.create": () => ({ name: unique("rule"), kind: "run_stuck", params: { queuedSeconds: 600 } }),
  "alert_rules.update": async (w) => ({ id: await w.makeRule(), patch: { enabled: false } }),
  "alert_rules.delete": async (w) => ({ id: await w.makeRule() }),
  "channels.create": () => ({ kind: "webhook", name: unique("hook"), url: "http://127.0.0.1:9/hook" }),
  "channels.update": async (w) => ({ id: await w.makeChannel(), patch: { rateLimitPerMinute: 10 } }),
  "channels.delete": async (w) => ({ id: await w.makeChannel() }),
  "channels.test": async (w) => ({ id: await w.makeChannel() }),
  "silences.create": () => ({ matchers: [{ label: "project", op: "=", value: "matrix" }], endsAt: new Date(Date.now() + 3600_000).toISOString() }),
  "silences.delete": async (w) => ({ id: await w.makeSilence() }),
  "palette.search": () => ({ q: "e" }),
  "incident.acknowledge": async (w) => ({ id: await w.makeIncident() }),
  "incident.resolve": async (w) => ({ id: await w.makeIncident() }),
  "incident.snooze": async (w) => ({ id: await w.makeIncident(), minutes: 30 }),
  "incident.note": async (w) => ({ id: await w.makeIncident(), note: "looking into it" }),
};

export type RouteInput = { params?: Record<string, string>; body?: unknown; query?: Record<string, string> };
type RouteFixture = (w: World) => RouteInput | Promise<RouteInput>;

/** Keyed "METHOD /route/template". */
export const routeFixtures: Record<string, RouteFixture> = {
  "GET /api/v1/projects": () => ({}),
  "POST /api/v1/projects": () => ({ body: { slug: unique("mx"), name: "Matrix project" } }),
  "GET /api/v1/projects/[slug]": (w) => ({ params: { slug: w.project.slug } }),
  "PATCH /api/v1/projects/[slug]": (w) => ({ params: { slug: w.project.slug }, body: { description: "changed by the matrix" } }),
  "GET /api/v1/projects/[slug]/runs": (w) => ({ params: { slug: w.project.slug } }),
  "POST /api/v1/projects/[slug]/runs": (w) => ({ params: { slug: w.project.slug }, body: { name: "matrix" } }),
  "POST /api/v1/projects/[slug]/runs/batch": (w) => ({ params: { slug: w.project.slug }, body: { runs: [{ name: "matrix batch" }] } }),
  "GET /api/v1/runs/[id]": (w) => ({ params: { id: w.runId } }),
  "PATCH /api/v1/runs/[id]": (w) => ({ params: { id: w.runId }, body: { name: "renamed by the matrix" } }),
  "GET /api/v1/runs/[id]/logs": (w) => ({ params: { id: w.runId } }),
  "GET /api/v1/audit": () => ({}),
  "GET /api/metrics/history": () => ({ query: { range: "1h" } }),
  "POST /api/v1/runs/[id]/logs": (w) => ({ params: { id: w.runId }, body: { lines: [{ message: "from the matrix" }] } }),
  "GET /api/v1/monitors": () => ({}),
  "POST /api/v1/monitors": () => ({ body: { name: unique("mon"), url: "http://127.0.0.1:9/matrix", enabled: false } }),
  "GET /api/v1/monitors/[id]": async () => ({ params: { id: await makeMonitor() } }),
  "PATCH /api/v1/monitors/[id]": async () => ({ params: { id: await makeMonitor() }, body: { name: unique("mon") } }),
  "DELETE /api/v1/monitors/[id]": async () => ({ params: { id: await makeMonitor() } }),
  "GET /api/v1/alert-rules": () => ({}),
  "POST /api/v1/alert-rules": () => ({ body: { name: unique("rule"), kind: "run_stuck", params: { queuedSeconds: 600 } } }),
  "GET /api/v1/alert-rules/[id]": async (w) => ({ params: { id: await w.makeRule() } }),
  "PATCH /api/v1/alert-rules/[id]": async (w) => ({ params: { id: await w.makeRule() }, body: { enabled: false } }),
  "DELETE /api/v1/alert-rules/[id]": async (w) => ({ params: { id: await w.makeRule() } }),
  "GET /api/v1/channels": () => ({}),
  "POST /api/v1/channels": () => ({ body: { kind: "webhook", name: unique("hook"), url: "http://127.0.0.1:9/hook" } }),
  "POST /api/v1/channels/[id]/test": async (w) => ({ params: { id: await w.makeChannel() } }),
  "GET /api/v1/incidents": () => ({}),
  "GET /api/v1/incidents/[id]": async (w) => ({ params: { id: await w.makeIncident() } }),
  "POST /api/v1/incidents/[id]/acknowledge": async (w) => ({ params: { id: await w.makeIncident() } }),
  "POST /api/v1/incidents/[id]/resolve": async (w) => ({ params: { id: await w.makeIncident() } }),
  "GET /api/v1/silences": () => ({}),
  "POST /api/v1/silences": () => ({ body: { matchers: [{ label: "project", op: "=", value: "matrix" }], endsAt: new Date(Date.now() + 3600_000).toISOString() } }),
  "DELETE /api/v1/silences/[id]": async (w) => ({ params: { id: await w.makeSilence() } }),
  "GET /api/v1/status-pages": () => ({}),
  "POST /api/v1/status-pages": () => ({ body: { slug: unique("sp"), title: "Matrix page" } }),
  "PATCH /api/v1/status-pages/[id]": async () => ({ params: { id: await makeStatusPage() }, body: { title: "Renamed by the matrix" } }),
  "DELETE /api/v1/status-pages/[id]": async () => ({ params: { id: await makeStatusPage() } }),
  "POST /api/v1/status-pages/[id]/updates": async () => ({ params: { id: await makeStatusPage() }, body: { title: "Matrix incident", status: "investigating", message: "from the matrix" } }),
};

/**
 * Route handlers outside the pipeline, on purpose, each with its reason. Any other exported
 * handler that route() did not build fails the matrix.
 */
export const PUBLIC_ROUTES: Record<string, string> = {
  "/api/auth/[...nextauth]": "next-auth's own sign-in endpoints (throttled separately)",
  "/api/health/live": "liveness probe: process only, no data",
  "/api/health/ready": "readiness probe for load balancers",
  "/api/v1/openapi.json": "public API documentation",
  "/api/health": "status summary for anyone; component detail only for a session or METRICS_TOKEN (tests/health.test.ts)",
  "/api/metrics": "Prometheus scrape endpoint: bearer METRICS_TOKEN when set (tests/metrics.test.ts)",
  "/api/v1/heartbeats/[token]": "heartbeat pings: the path token is the credential (tests/monitor-types.test.ts)",
  "/api/v1/heartbeats/[token]/fail": "heartbeat failure reports: the path token is the credential (tests/monitor-types.test.ts)",
};
