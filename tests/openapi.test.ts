import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET as getDocument } from "@/app/api/v1/openapi.json/route";
import { V1_ROUTES } from "@/app/api/v1/routes";
import { isEdgeHandler } from "@/lib/http/methods";
import { registeredRoutes, routeDefinitionOf } from "@/lib/http/pipeline";
import { publicRouteDefinitionOf } from "@/lib/http/public";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import { documentedRoutes } from "@/lib/openapi/routes";
import { call } from "./support/api";

const ROOT = path.resolve(import.meta.dirname, "..");
const V1 = path.join(ROOT, "app/api/v1");
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

type Operation = {
  security?: unknown[];
  responses: Record<string, unknown>;
  operationId?: string;
  "x-required-scope"?: string;
  parameters: { name: string; in: string }[];
  requestBody?: unknown;
};
type Doc = { paths: Record<string, Record<string, Operation>> };
const doc = buildOpenApiDocument(documentedRoutes(V1_ROUTES)) as unknown as Doc;

type RouteFile = { file: string; template: string; path: string; module: Record<string, unknown>; methods: string[] };

/** Every route file under app/api/v1 as (route template, OpenAPI path, module, exported methods). */
async function routeFiles(): Promise<RouteFile[]> {
  const files = (readdirSync(V1, { recursive: true }) as string[]).filter((f) => path.basename(f) === "route.ts");
  return Promise.all(
    files.map(async (file) => {
      const segments = path.dirname(file).split(path.sep).filter((s) => s !== ".");
      const apiPath = `/${segments.map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/")}`;
      const mod = (await import(path.join(V1, file))) as Record<string, unknown>;
      const template = ["/api/v1", ...segments].join("/");
      return { file, template, path: apiPath, module: mod, methods: HTTP_METHODS.filter((m) => typeof mod[m] === "function" && !isEdgeHandler(mod[m])) };
    }),
  );
}

describe("OpenAPI document", () => {
  it("has every route file under app/api/v1 with exactly its exported methods", async () => {
    const routes = await routeFiles();
    expect(routes.length).toBeGreaterThanOrEqual(7);
    for (const route of routes) {
      expect(doc.paths[route.path], `${route.file} → ${route.path}`).toBeDefined();
      expect(Object.keys(doc.paths[route.path]!).map((m) => m.toUpperCase()).sort(), route.file).toEqual([...route.methods].sort());
    }
    expect(Object.keys(doc.paths).sort()).toEqual(routes.map((r) => r.path).sort());
  });

  it("declares the scope and the 4xx answers of every authenticated operation", () => {
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${p}`;
        // Public: the document itself, and heartbeat pings (their path token is the credential).
        if (p === "/openapi.json" || p.startsWith("/heartbeats/")) {
          expect(op.security, where).toEqual([]);
          continue;
        }
        const scope = op["x-required-scope"];
        expect(scope, where).toMatch(/^\w+:(read|write)$/);
        expect(op.security, where).toEqual([{ apiKey: [scope] }]);
        expect(Object.keys(op.responses), where).toEqual(expect.arrayContaining(["400", "401", "403", "429"]));
        if (method !== "get") expect(Object.keys(op.responses), where).toEqual(expect.arrayContaining(["413", "415"]));
      }
    }
  });

  it("passes redocly lint (recommended rules, offline)", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-openapi-"));
    try {
      const file = path.join(dir, "openapi.json");
      writeFileSync(file, JSON.stringify(doc, null, 2));
      const result = spawnSync("npx", ["--no-install", "redocly", "lint", "--config", path.join(ROOT, "redocly.yaml"), "--format=stylish", file], {
        cwd: ROOT,
        encoding: "utf8",
        timeout: 60_000,
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", CI: "true" },
      });
      const output = `${result.stdout}\n${result.stderr}`;
      expect(result.status, output).toBe(0);
      expect(output).not.toMatch(/\b(warning|error)\b\s+[a-z0-9-]+\s/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** The registry entry of an exported handler: route()'s, or publicJsonRoute()'s for the public document. */
const definitionOf = (handler: unknown) => routeDefinitionOf(handler) ?? publicRouteDefinitionOf(handler);

describe("the route registry and the OpenAPI document agree", () => {
  it("indexes every route file under app/api/v1 in app/api/v1/routes.ts, by its template", async () => {
    const routes = await routeFiles();
    expect(Object.keys(V1_ROUTES).sort()).toEqual(routes.map((r) => r.template).sort());
    const index: Record<string, Record<string, unknown>> = V1_ROUTES;
    for (const route of routes) {
      for (const method of route.methods) expect(index[route.template]?.[method], `${method} ${route.template}`).toBe(route.module[method]);
    }
  });

  it("has a registry entry with a doc for every method a v1 route file exports", async () => {
    for (const route of await routeFiles()) {
      for (const method of route.methods) {
        const where = `${method} ${route.template} (${route.file})`;
        const definition = definitionOf(route.module[method]);
        expect(definition, `${where} is built by route() or publicJsonRoute()`).toBeDefined();
        expect(definition!.route, `${where} declares its own template`).toBe(route.template);
        expect(definition!.doc, `${where} has a doc`).toBeDefined();
      }
    }
    const undocumented = registeredRoutes().filter((d) => d.route.startsWith("/api/v1/") && !d.doc);
    expect(undocumented.map((d) => d.route)).toEqual([]);
  });

  it("has exactly the registry's operations, each with the method, path, scope and schemas of its route", async () => {
    const routes = await routeFiles();
    const expected = routes.flatMap((route) =>
      route.methods.map((method) => {
        const definition = definitionOf(route.module[method]);
        return { operation: `${method} ${route.path}`, operationId: definition?.doc?.operationId, scope: definition?.scope ?? null, body: definition?.body !== undefined };
      }),
    );
    const actual = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ operation: `${method.toUpperCase()} ${p}`, operationId: op.operationId, scope: op["x-required-scope"] ?? null, body: op.requestBody !== undefined })),
    );
    const byOperation = (a: { operation: string }, b: { operation: string }) => a.operation.localeCompare(b.operation);
    expect(actual.sort(byOperation)).toEqual(expected.sort(byOperation));
    expect(new Set(actual.map((o) => o.operationId)).size, "operation ids are unique").toBe(actual.length);

    // Every v1 route() call is an exported handler of an indexed file, so none escapes the document.
    const exported = new Set(routes.flatMap((r) => r.methods.map((m) => definitionOf(r.module[m]))));
    expect(registeredRoutes().filter((d) => d.route.startsWith("/api/v1/") && !exported.has(d)).map((d) => d.route)).toEqual([]);
  });

  it("names each path's {params} as its path parameters", () => {
    for (const [p, ops] of Object.entries(doc.paths)) {
      const inPath = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(ops)) {
        expect(op.parameters.filter((x) => x.in === "path").map((x) => x.name).sort(), `${method.toUpperCase()} ${p}`).toEqual(inPath);
      }
    }
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("answers without an API key, publicly cacheable, with an ETag that revalidates to 304", async () => {
    const res = await call(getDocument, "GET", "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=\d{3,}/);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(res.json).toMatchObject({ openapi: "3.1.0", servers: [{ url: "/api/v1" }] });
    expect(res.json).toEqual(JSON.parse(JSON.stringify(doc)));
    const again = await call(getDocument, "GET", "/api/v1/openapi.json", { headers: { "if-none-match": res.headers.get("etag")! } });
    expect(again.status).toBe(304);
  });

  it("ignores a bad Authorization header: there is no auth step", async () => {
    const res = await call(getDocument, "GET", "/api/v1/openapi.json", { headers: { authorization: "Basic nonsense" } });
    expect(res.status).toBe(200);
  });
});
