import fs from "node:fs";
import path from "node:path";
import { and, count, eq, gt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { actionDefinitionOf, registeredActions, type ActionDefinition, type ActionResult } from "@/lib/actions/define";
import { roleAtLeast } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { auditEvents, type Role } from "@/lib/db/schema";
import { registeredRoutes, routeDefinitionOf, type RouteDefinition } from "@/lib/http/pipeline";
import { isEdgeHandler } from "@/lib/http/methods";
import { statusForCode } from "@/lib/http/problem";
import { runInRequestScope } from "@/lib/request/scope";
import { call } from "./support/api";
import { actionFixtures, buildWorld, PUBLIC_ROUTES, routeFixtures, type World } from "./support/authz-fixtures";
import { signedInUser } from "./support/users";

// The authorization matrix, generated from the registries: every server action (defineAction)
// and every pipeline route (route()) is called as anonymous, viewer, operator and admin, and
// must allow exactly the roles at or above its declared minimum. A denial is 401 for the
// anonymous caller, 403 plus an authz.denied audit event for a signed-in one. The files are
// found on disk, so a new actions.ts or route.ts is in the matrix without anyone listing it.

const ROOT = path.resolve(import.meta.dirname, "..");
const ORIGIN = "http://console.test";
const HOST = "console.test";
const CALLERS = ["anonymous", "viewer", "operator", "admin"] as const;
type Caller = (typeof CALLERS)[number];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.(ts|tsx)$/.test(entry.name)) out.push(full);
  }
  return out;
}
const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");
const sourceFiles = ["app", "components", "lib"].flatMap((d) => walk(path.join(ROOT, d)));
const actionFiles = sourceFiles.filter((f) => /^app\/.*\/actions\.ts$/.test(rel(f)));
const routeFiles = sourceFiles.filter((f) => /^app\/api\/.*\/route\.ts$/.test(rel(f)));
/** "app/api/v1/runs/[id]/route.ts" → "/api/v1/runs/[id]" */
const templateOf = (file: string) => `/${rel(file).replace(/^app\//, "").replace(/\/route\.ts$/, "")}`;

type ActionEntry = { file: string; exportName: string; fn: (input: unknown) => Promise<ActionResult<unknown>>; def: ActionDefinition };
type RouteEntry = { file: string; method: string; template: string; handler: Parameters<typeof call>[0]; def: RouteDefinition };

const actions: ActionEntry[] = [];
const routes: RouteEntry[] = [];
const strays: string[] = [];

// Loaded at collection time, so the describe blocks below can be generated from them.
for (const file of actionFiles) {
  const mod = (await import(file)) as Record<string, unknown>;
  for (const [exportName, value] of Object.entries(mod)) {
    const def = actionDefinitionOf(value);
    if (!def) strays.push(`${rel(file)} exports ${exportName}, which defineAction did not make`);
    else actions.push({ file: rel(file), exportName, fn: value as ActionEntry["fn"], def });
  }
}
for (const file of routeFiles) {
  const template = templateOf(file);
  const mod = (await import(file)) as Record<string, unknown>;
  for (const method of METHODS) {
    const handler = mod[method];
    // Undeclared methods and unknown paths are refused before anyone is asked who they are.
    if (handler === undefined || isEdgeHandler(handler)) continue;
    const def = routeDefinitionOf(handler);
    if (def) routes.push({ file: rel(file), method, template, handler: handler as RouteEntry["handler"], def });
    else if (!(template in PUBLIC_ROUTES)) strays.push(`${method} ${template} (${rel(file)}) is not built by route() and is not listed in PUBLIC_ROUTES`);
  }
}

const users: Partial<Record<Exclude<Caller, "anonymous">, { id: string; sessionId: string }>> = {};
let world: World;

beforeAll(async () => {
  world = await buildWorld();
  for (const role of ["viewer", "operator", "admin"] as const) users[role] = await signedInUser(role);
});

const sessionOf = (caller: Caller) => (caller === "anonymous" ? null : users[caller]!.sessionId);
const allowed = (caller: Caller, min: Role) => caller !== "anonymous" && roleAtLeast(caller, min);

async function deniedEventsOf(userId: string, since: Date): Promise<number> {
  const [row] = await getDb()
    .select({ n: count() })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "authz.denied"), eq(auditEvents.actorId, userId), gt(auditEvents.occurredAt, since)));
  return row!.n;
}

/** Asserts the outcome of one call: `status` is what the caller got. */
async function expectOutcome(what: string, caller: Caller, min: Role, status: number, since: Date) {
  if (caller === "anonymous") {
    expect(status, `${what} as anonymous`).toBe(401);
  } else if (!allowed(caller, min)) {
    expect(status, `${what} as ${caller} (needs ${min})`).toBe(403);
    expect(await deniedEventsOf(users[caller]!.id, since), `${what} as ${caller}: an authz.denied audit event`).toBeGreaterThan(0);
  } else {
    expect([401, 403], `${what} as ${caller} (needs ${min}) must be allowed`).not.toContain(status);
    expect(status, `${what} as ${caller}: no server error`).toBeLessThan(500);
  }
}

describe("the registry of actions and routes", () => {
  it("finds server actions and pipeline routes on disk", () => {
    expect(actions.length).toBeGreaterThan(0);
    expect(routes.length).toBeGreaterThan(0);
  });

  it("has no action or route outside the registry", () => {
    expect(strays).toEqual([]);
  });

  it("has \"use server\" only at the top of app/**/actions.ts files (no inline server functions)", () => {
    const offenders = sourceFiles
      .filter((f) => /(["'])use server\1/.test(fs.readFileSync(f, "utf8")))
      .filter((f) => !actionFiles.includes(f) || !/^(\s*(\/\/[^\n]*|\/\*[\s\S]*?\*\/)\s*)*(["'])use server\3;?\s*$/m.test(fs.readFileSync(f, "utf8").split("\n").slice(0, 3).join("\n")))
      .map(rel);
    expect(offenders).toEqual([]);
  });

  it("marks every actions.ts file \"use server\"", () => {
    const unmarked = actionFiles.filter((f) => !/^\s*(["'])use server\1/.test(fs.readFileSync(f, "utf8"))).map(rel);
    expect(unmarked).toEqual([]);
  });

  it("covers 100 % of the registered actions and routes", () => {
    const reached = new Set(actions.map((a) => a.def.name));
    expect(registeredActions().map((a) => a.name).filter((n) => !reached.has(n))).toEqual([]);
    expect(new Set(actions.map((a) => a.def.name)).size, "action names are unique").toBe(actions.length);
    const reachedRoutes = new Set(routes.map((r) => r.def));
    expect(registeredRoutes().filter((d) => !reachedRoutes.has(d)).map((d) => d.route)).toEqual([]);
    for (const r of routes) expect(r.def.route, `${r.file} declares its own template`).toBe(r.template);
  });

  it("keeps the request-scope seam closed outside a test run", async () => {
    const saved = process.env.VITEST;
    delete process.env.VITEST;
    try {
      expect(() => runInRequestScope({ headers: {}, sessionId: null }, async () => undefined)).toThrow(/test seam/);
    } finally {
      process.env.VITEST = saved;
    }
  });

  it("has a fixture for every action and route (a missing fixture fails here)", () => {
    const missingActions = actions.filter((a) => !(a.def.name in actionFixtures)).map((a) => `action ${a.def.name} (${a.file})`);
    const missingRoutes = routes.filter((r) => !(`${r.method} ${r.template}` in routeFixtures)).map((r) => `route ${r.method} ${r.template}`);
    expect([...missingActions, ...missingRoutes], "add these to tests/support/authz-fixtures.ts").toEqual([]);
  });
});

describe.each(actions.map((a) => [a.def.name, a] as const))("action %s", (_name, action) => {
  const fixture = actionFixtures[action.def.name];
  const callAs = async (caller: Caller, headers: Record<string, string> = { origin: ORIGIN, host: HOST }) => {
    if (!fixture) throw new Error(`No fixture for action ${action.def.name}: add one to tests/support/authz-fixtures.ts`);
    const input = await fixture(world);
    return runInRequestScope({ headers, sessionId: sessionOf(caller) }, () => action.fn(input));
  };

  it.each(CALLERS)(`as %s: allowed from ${action.def.minRole} up`, async (caller) => {
    const since = new Date(Date.now() - 1);
    const result = await callAs(caller);
    await expectOutcome(`action ${action.def.name}`, caller, action.def.minRole, result.ok ? 200 : statusForCode(result.code), since);
  });

  it.each([
    ["a foreign Origin", { origin: "https://evil.example", host: HOST }],
    ["a null Origin", { origin: "null", host: HOST }],
    ["no Origin", { host: HOST }],
  ] as const)("refuses %s, even for an admin", async (_label, headers) => {
    const result = await callAs("admin", headers);
    expect(result).toMatchObject({ ok: false, code: "foreign_origin" });
  });
});

describe.each(routes.map((r) => [`${r.method} ${r.template}`, r] as const))("route %s", (key, entry) => {
  it.each(CALLERS)(`as %s: allowed from ${entry.def.minRole} up`, async (caller) => {
    const fixture = routeFixtures[key];
    if (!fixture) throw new Error(`No fixture for route ${key}: add one to tests/support/authz-fixtures.ts`);
    const input = await fixture(world);
    const url = entry.template.replace(/\[(\w+)\]/g, (_, name: string) => encodeURIComponent(input.params?.[name] ?? `missing-${name}`));
    const query = input.query ? `?${new URLSearchParams(input.query)}` : "";
    const since = new Date(Date.now() - 1);
    const res = await runInRequestScope({ headers: { origin: ORIGIN, host: HOST }, sessionId: sessionOf(caller) }, () =>
      call(entry.handler, entry.method, `${url}${query}`, { params: input.params, body: input.body }),
    );
    await expectOutcome(key, caller, entry.def.minRole, res.status, since);
  });
});
