import { randomBytes } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as projectsRoute from "@/app/api/v1/projects/route";
import * as projectRoute from "@/app/api/v1/projects/[slug]/route";
import * as runsRoute from "@/app/api/v1/projects/[slug]/runs/route";
import * as batchRoute from "@/app/api/v1/projects/[slug]/runs/batch/route";
import * as runRoute from "@/app/api/v1/runs/[id]/route";
import * as logsRoute from "@/app/api/v1/runs/[id]/logs/route";
import type { Scope } from "@/lib/auth/scopes";
import { createRun } from "@/lib/runs/create";
import {
  auditEventsFor,
  call,
  expectAuditChainIntact,
  expectProblem,
  expectValidationProblem,
  makeKey,
  makeProject,
  oversizeJson,
  revokeKey,
  scopesWithout,
  streamOf,
  unique,
  type CallOptions,
  type TestKey,
} from "./support/api";

// The cross-cutting contract, table-driven over every authenticated /api/v1 endpoint:
// authentication, scopes, project binding, validation and body limits.

type Fixture = { alpha: string; beta: string; runA: string; runB: string };
type Handler = Parameters<typeof call>[0];
type Endpoint = {
  name: string;
  handler: Handler;
  method: string;
  scope: Scope;
  url: (f: Fixture) => string;
  params?: (f: Fixture) => Record<string, string>;
  body?: () => unknown;
  /** The same request, broken in one field; `path` is the field errors[] must name. */
  invalid: (f: Fixture) => CallOptions & { url?: string; path: string };
  /** The request for another project's resource; null when the endpoint names none. */
  foreign: ((f: Fixture) => { url: string; params: Record<string, string> }) | null;
};

const alphaParams = (f: Fixture) => ({ slug: f.alpha });
const runAParams = (f: Fixture) => ({ id: f.runA });

const ENDPOINTS: Endpoint[] = [
  {
    name: "GET /projects", handler: projectsRoute.GET, method: "GET", scope: "projects:read",
    url: () => "/api/v1/projects",
    invalid: () => ({ url: "/api/v1/projects?status=deleted", path: "query.status" }),
    foreign: null,
  },
  {
    name: "POST /projects", handler: projectsRoute.POST, method: "POST", scope: "projects:write",
    url: () => "/api/v1/projects",
    body: () => ({ slug: unique("new"), name: "New project" }),
    invalid: () => ({ body: { slug: "Not A Slug", name: "x" }, path: "body.slug" }),
    foreign: null,
  },
  {
    name: "GET /projects/{slug}", handler: projectRoute.GET, method: "GET", scope: "projects:read",
    url: (f) => `/api/v1/projects/${f.alpha}`, params: alphaParams,
    invalid: () => ({ url: "/api/v1/projects/NOPE!", params: { slug: "NOPE!" }, path: "path.slug" }),
    foreign: (f) => ({ url: `/api/v1/projects/${f.beta}`, params: { slug: f.beta } }),
  },
  {
    name: "PATCH /projects/{slug}", handler: projectRoute.PATCH, method: "PATCH", scope: "projects:write",
    url: (f) => `/api/v1/projects/${f.alpha}`, params: alphaParams,
    body: () => ({ description: unique("touched") }),
    invalid: (f) => ({ params: alphaParams(f), body: { name: "" }, path: "body.name" }),
    foreign: (f) => ({ url: `/api/v1/projects/${f.beta}`, params: { slug: f.beta } }),
  },
  {
    name: "GET /projects/{slug}/runs", handler: runsRoute.GET, method: "GET", scope: "runs:read",
    url: (f) => `/api/v1/projects/${f.alpha}/runs`, params: alphaParams,
    invalid: (f) => ({ url: `/api/v1/projects/${f.alpha}/runs?since=yesterday`, params: alphaParams(f), path: "query.since" }),
    foreign: (f) => ({ url: `/api/v1/projects/${f.beta}/runs`, params: { slug: f.beta } }),
  },
  {
    name: "POST /projects/{slug}/runs", handler: runsRoute.POST, method: "POST", scope: "runs:write",
    url: (f) => `/api/v1/projects/${f.alpha}/runs`, params: alphaParams,
    body: () => ({ name: "build" }),
    invalid: (f) => ({ params: alphaParams(f), body: { name: "build", status: "succeeded" }, path: "body.status" }),
    foreign: (f) => ({ url: `/api/v1/projects/${f.beta}/runs`, params: { slug: f.beta } }),
  },
  {
    name: "POST /projects/{slug}/runs/batch", handler: batchRoute.POST, method: "POST", scope: "runs:write",
    url: (f) => `/api/v1/projects/${f.alpha}/runs/batch`, params: alphaParams,
    body: () => ({ runs: [{ name: "one" }, { name: "two" }] }),
    invalid: (f) => ({ params: alphaParams(f), body: { runs: [{ name: "ok" }, { kind: "ci" }] }, path: "body.runs.1.name" }),
    foreign: (f) => ({ url: `/api/v1/projects/${f.beta}/runs/batch`, params: { slug: f.beta } }),
  },
  {
    name: "GET /runs/{id}", handler: runRoute.GET, method: "GET", scope: "runs:read",
    url: (f) => `/api/v1/runs/${f.runA}`, params: runAParams,
    invalid: () => ({ url: "/api/v1/runs/not-a-uuid", params: { id: "not-a-uuid" }, path: "path.id" }),
    foreign: (f) => ({ url: `/api/v1/runs/${f.runB}`, params: { id: f.runB } }),
  },
  {
    name: "PATCH /runs/{id}", handler: runRoute.PATCH, method: "PATCH", scope: "runs:write",
    url: (f) => `/api/v1/runs/${f.runA}`, params: runAParams,
    body: () => ({ name: unique("renamed") }),
    invalid: (f) => ({ params: runAParams(f), body: { status: "exploded" }, path: "body.status" }),
    foreign: (f) => ({ url: `/api/v1/runs/${f.runB}`, params: { id: f.runB } }),
  },
  {
    name: "GET /runs/{id}/logs", handler: logsRoute.GET, method: "GET", scope: "runs:read",
    url: (f) => `/api/v1/runs/${f.runA}/logs`, params: runAParams,
    invalid: (f) => ({ url: `/api/v1/runs/${f.runA}/logs?after=-1`, params: runAParams(f), path: "query.after" }),
    foreign: (f) => ({ url: `/api/v1/runs/${f.runB}/logs`, params: { id: f.runB } }),
  },
  {
    name: "POST /runs/{id}/logs", handler: logsRoute.POST, method: "POST", scope: "runs:write",
    url: (f) => `/api/v1/runs/${f.runA}/logs`, params: runAParams,
    body: () => ({ lines: [{ message: "hello" }] }),
    invalid: (f) => ({ params: runAParams(f), body: { lines: [{ message: "x", level: "loud" }] }, path: "body.lines.0.level" }),
    foreign: (f) => ({ url: `/api/v1/runs/${f.runB}/logs`, params: { id: f.runB } }),
  },
];

const WITH_BODY = ENDPOINTS.filter((e) => e.body);

let f: Fixture;
let admin: TestKey;
let boundToAlpha: TestKey;
let revoked: TestKey;
let expiring: TestKey;

beforeAll(async () => {
  admin = await makeKey();
  const [alpha, beta] = [await makeProject(admin), await makeProject(admin)];
  const [runA, runB] = [await createRun(admin.access, alpha.slug, { name: "a" }), await createRun(admin.access, beta.slug, { name: "b" })];
  f = { alpha: alpha.slug, beta: beta.slug, runA: runA.id, runB: runB.id };
  boundToAlpha = await makeKey({ project: alpha.slug });
  revoked = await makeKey();
  await revokeKey(revoked);
  expiring = await makeKey({ expiresAt: new Date(Date.now() + 60_000) });
});

afterEach(() => {
  vi.useRealTimers();
});

const send = (e: Endpoint, options: CallOptions & { url?: string } = {}) =>
  call(e.handler, e.method, options.url ?? e.url(f), { params: e.params?.(f), body: e.body?.(), ...options });

describe.each(ENDPOINTS)("$name", (e) => {
  it("answers 2xx to a key with every scope", async () => {
    const res = await send(e, { key: admin.key });
    expect(res.status, res.text).toBe(e.method === "POST" ? 201 : 200);
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("answers 401 without an Authorization header (no session outside a request)", async () => {
    const res = await send(e);
    expectProblem(res, 401, "unauthenticated");
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it.each([
    ["Basic xyz", "invalid_authorization"],
    ["Bearer", "invalid_authorization"],
    ["Bearer ", "invalid_authorization"],
    ["Bearer opk_short", "key_malformed"],
    ["Bearer a b", "invalid_authorization"],
    [`Bearer opk_${randomBytes(32).toString("base64url").replace(/[-_]/g, "a").slice(0, 43)}`, "key_unknown"],
  ])("answers 401 (not 500) to Authorization: %j", async (authorization, code) => {
    const res = await send(e, { headers: { authorization } });
    expectProblem(res, 401, code);
  });

  it("answers 401 to a revoked key", async () => {
    expectProblem(await send(e, { key: revoked.key }), 401, "key_revoked");
  });

  it("answers 401 to an expired key", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 120_000);
    expectProblem(await send(e, { key: expiring.key }), 401, "key_expired");
  });

  it("answers 400 to an API key in the query string, even with a valid header", async () => {
    const url = `${e.url(f)}${e.url(f).includes("?") ? "&" : "?"}api_key=${admin.key}`;
    expectProblem(await send(e, { url, key: admin.key }), 400, "key_in_query");
    expectProblem(await send(e, { url }), 400, "key_in_query");
  });

  it(`answers 403 to a key without ${e.scope}, and audits the denial`, async () => {
    const key = await makeKey({ scopes: scopesWithout(e.scope) });
    const res = await send(e, { key: key.key });
    expectProblem(res, 403, "insufficient_scope");
    const denials = await auditEventsFor("authz.denied");
    expect(denials.filter((d) => d.actorId === key.id)).toHaveLength(1);
    expect(denials.find((d) => d.actorId === key.id)).toMatchObject({ requestId: res.json.requestId, changes: { required: e.scope } });
  });

  if (e.foreign) {
    const foreign = e.foreign;
    it("answers 404 to a key bound to another project", async () => {
      const { url, params } = foreign(f);
      expectProblem(await send(e, { key: boundToAlpha.key, url, params }), 404, "not_found");
    });
  }

  it("answers 400 with errors[] to invalid input", async () => {
    const { path, ...options } = e.invalid(f);
    expectValidationProblem(await send(e, { key: admin.key, ...options }), path);
  });
});

describe.each(WITH_BODY)("$name body limits", (e) => {
  const big = oversizeJson(e.name.endsWith("/batch") ? 2 * 1024 * 1024 : 1024 * 1024);

  it("answers 413 to a declared Content-Length over the limit", async () => {
    const res = await send(e, { key: admin.key, body: big, headers: { "content-length": String(Buffer.byteLength(big)) } });
    expectProblem(res, 413, "body_too_large");
    // Refused on the header alone, before reading: a small body declared large is refused too.
    const declared = await send(e, { key: admin.key, headers: { "content-length": String(Buffer.byteLength(big)) } });
    expectProblem(declared, 413, "body_too_large");
  });

  it("answers 413 to an undeclared (streamed) body once it passes the limit", async () => {
    const res = await send(e, { key: admin.key, body: undefined, rawBody: streamOf(big) });
    expectProblem(res, 413, "body_too_large");
  });

  it("answers 415 to a body that is not JSON", async () => {
    const res = await send(e, { key: admin.key, body: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expectProblem(res, 415);
  });

  it("answers 400 to malformed JSON", async () => {
    expectProblem(await send(e, { key: admin.key, body: '{"name":' }), 400, "invalid_json");
  });
});

describe("project binding", () => {
  it("GET /projects lists only the bound project", async () => {
    const res = await call(projectsRoute.GET, "GET", "/api/v1/projects", { key: boundToAlpha.key });
    expect(res.status).toBe(200);
    expect(res.json.data.map((p: { slug: string }) => p.slug)).toEqual([f.alpha]);
  });

  it("POST /projects is refused to a bound key", async () => {
    const res = await call(projectsRoute.POST, "POST", "/api/v1/projects", { key: boundToAlpha.key, body: { slug: unique(), name: "x" } });
    expectProblem(res, 403);
  });

  it("a bound key works on its own project", async () => {
    const res = await call(runsRoute.POST, "POST", `/api/v1/projects/${f.alpha}/runs`, { key: boundToAlpha.key, params: { slug: f.alpha }, body: { name: "mine" } });
    expect(res.status).toBe(201);
  });
});

describe("request ids", () => {
  it("echoes a sane X-Request-Id and records it on the audit event", async () => {
    const requestId = `req-${unique()}`;
    const res = await call(runsRoute.POST, "POST", `/api/v1/projects/${f.alpha}/runs`, { key: admin.key, params: { slug: f.alpha }, body: { name: "traced" }, headers: { "x-request-id": requestId } });
    expect(res.headers.get("x-request-id")).toBe(requestId);
    const [event] = await auditEventsFor("run.create", res.json.id);
    expect(event?.requestId).toBe(requestId);
  });

  it("replaces an X-Request-Id that does not look like an id, and still audits the one it answers with", async () => {
    const res = await call(runsRoute.POST, "POST", `/api/v1/projects/${f.alpha}/runs`, { key: admin.key, params: { slug: f.alpha }, body: { name: "traced" }, headers: { "x-request-id": "x".repeat(500) } });
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const [event] = await auditEventsFor("run.create", res.json.id);
    expect(event?.requestId).toBe(id);
  });
});

it("leaves an intact audit chain", async () => {
  await expectAuditChainIntact();
});
