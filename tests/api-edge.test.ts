import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as unknownPath } from "@/app/api/[...path]/route";
import { GET as listAudit } from "@/app/api/v1/audit/route";
import { PATCH as patchProjectRoute } from "@/app/api/v1/projects/[slug]/route";
import { GET as listRunsRoute, POST as createRunRoute } from "@/app/api/v1/projects/[slug]/runs/route";
import * as runRoute from "@/app/api/v1/runs/[id]/route";
import { getDb } from "@/lib/db/client";
import { runs } from "@/lib/db/schema";
import { MAX_JSON_DEPTH } from "@/lib/http/input-gate";
import { ACTION_BODY_LIMIT_BYTES, installServerHooks, settleForwardedHeaders } from "@/lib/http/node-server";
import { clientAddress, parseTrustProxy } from "@/lib/request/client-address";
import { call, expectProblem, expectValidationProblem, makeKey, makeProject, type TestKey } from "./support/api";
import { serveHttp, type LoopbackHttp } from "./support/loopback";

// The API's contract at its edges: every answer under /api is problem+json with a request
// id, whatever was sent: undeclared methods, unknown paths, strings PostgreSQL cannot store,
// absurd nesting, prototype names as filter values, methods and paths Node itself would
// answer with bare text, and forwarded headers nobody vouched for.

const ROOT = path.resolve(import.meta.dirname, "..");
const routeFiles = (fs.readdirSync(path.join(ROOT, "app/api"), { recursive: true }) as string[]).filter((f) => path.basename(f) === "route.ts");

let admin: TestKey;
let slug: string;
let projectId: string;
beforeAll(async () => {
  admin = await makeKey();
  const project = await makeProject(admin);
  slug = project.slug;
  projectId = project.id;
});

const runCount = () => getDb().$count(runs, eq(runs.projectId, projectId));

describe("methods and paths no route declares", () => {
  it("has every route file export every method, the undeclared ones refusing", async () => {
    for (const file of routeFiles) {
      const mod = (await import(path.join(ROOT, "app/api", file))) as Record<string, unknown>;
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) expect(typeof mod[method], `${method} in app/api/${file}`).toBe("function");
    }
  });

  it("answers an undeclared method with 405 problem+json and an Allow header naming the declared ones", async () => {
    const res = await call(runRoute.PUT, "PUT", "/api/v1/runs/00000000-0000-4000-8000-000000000000", { key: admin.key, body: {} });
    expectProblem(res, 405, "method_not_allowed");
    expect(res.headers.get("allow")).toBe("GET, PATCH, HEAD, OPTIONS");
    const options = await call(runRoute.OPTIONS, "OPTIONS", "/api/v1/runs/x");
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, PATCH, HEAD, OPTIONS");
  });

  it("answers an unknown /api path with 404 problem+json, for any method", async () => {
    expectProblem(await call(unknownPath, "GET", "/api/v1/nothing-here"), 404, "not_found");
  });
});

describe("the input gate (strings PostgreSQL cannot store, nesting, prototype names)", () => {
  const post = (body: unknown) => call(createRunRoute, "POST", `/api/v1/projects/${slug}/runs`, { key: admin.key, params: { slug }, body });

  it.each([
    ["a NUL in a string field", { name: "a\u0000b" }, "body.name"],
    ["a NUL in a metadata value", { name: "ok", metadata: { note: "x\u0000" } }, "body.metadata.note"],
    ["a NUL in a metadata key", { name: "ok", metadata: { "k\u0000": 1 } }, "body.metadata"],
    ["a lone surrogate in a field that reaches jsonb", { name: "ok", metadata: { s: "\ud800" } }, "body.metadata.s"],
    ["a lone surrogate in the name", { name: "\udc00x" }, "body.name"],
  ])("refuses %s with 400 naming the field, and stores nothing", async (_what, body, field) => {
    const before = await runCount();
    expectValidationProblem(await post(body), field);
    expect(await runCount()).toBe(before);
  });

  it("refuses a NUL in a query string or filter with 400", async () => {
    const list = await call(listRunsRoute, "GET", `/api/v1/projects/${slug}/runs?q=%00`, { key: admin.key, params: { slug } });
    expectValidationProblem(list, "query.q");
    expectValidationProblem(await call(listAudit, "GET", "/api/v1/audit?targetId=a%00b", { key: admin.key }), "query.targetId");
  });

  it("refuses a NUL in a path parameter and a project description with 400", async () => {
    expectValidationProblem(await call(runRoute.GET, "GET", "/api/v1/runs/%00", { key: admin.key, params: { id: "\u0000" } }), "path.id");
    const patched = await call(patchProjectRoute, "PATCH", `/api/v1/projects/${slug}`, { key: admin.key, params: { slug }, body: { description: "x\u0000y" } });
    expectValidationProblem(patched, "body.description");
  });

  it(`refuses JSON nested deeper than ${MAX_JSON_DEPTH} levels (5,000 here) with 400, not a stack overflow`, async () => {
    const deep = `{"name":"deep","metadata":${"[".repeat(5000)}${"]".repeat(5000)}}`;
    const before = await runCount();
    expectProblem(await post(deep), 400, "json_too_deep");
    expect(await runCount()).toBe(before);
    // At the limit, nesting is fine.
    const ok = `{"name":"nested","metadata":{"a":${"[".repeat(MAX_JSON_DEPTH - 2)}${"]".repeat(MAX_JSON_DEPTH - 2)}}}`;
    expect((await post(ok)).status).toBe(201);
  });

  it.each(["__proto__", "constructor", "toString", "hasOwnProperty", "__proto__.*"])("answers ?action=%s with 400, not 500", async (action) => {
    expectValidationProblem(await call(listAudit, "GET", `/api/v1/audit?action=${encodeURIComponent(action)}`, { key: admin.key }), "query.action");
  });
});

describe("the Node server's own answers (lib/http/node-server.ts)", () => {
  let server: LoopbackHttp;
  let port = 0;
  beforeAll(async () => {
    installServerHooks();
    server = await serveHttp((req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({ xff: req.headers["x-forwarded-for"] ?? null, host: req.headers["x-forwarded-host"] ?? null, proto: req.headers["x-forwarded-proto"] ?? null, id: req.headers["x-request-id"] }),
      );
    });
    port = Number(new URL(server.base).port);
  });
  afterAll(() => server.close());

  /** One raw HTTP/1.1 exchange, for what fetch refuses to send (TRACE, huge headers, bad paths). */
  function raw(request: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1", () => socket.write(request));
      let data = "";
      socket.on("data", (chunk) => (data += chunk.toString("utf8")));
      socket.on("error", reject);
      socket.on("close", () => {
        const [head = "", body = ""] = data.split("\r\n\r\n");
        const [statusLine = "", ...lines] = head.split("\r\n");
        const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
        resolve({ status: Number(statusLine.split(" ")[1]), headers, body });
      });
    });
  }

  const expectRawProblem = (res: { status: number; headers: Record<string, string>; body: string }, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers["content-type"]).toBe("application/problem+json");
    const problem = JSON.parse(res.body) as { type: string; requestId: string; status: number };
    expect(problem).toMatchObject({ type: `urn:opsdeck:problem:${code}`, status });
    expect(res.headers["x-request-id"]).toBe(problem.requestId);
  };

  it.each(["TRACE", "TRACK"])("answers %s with 405 problem+json", async (method) => {
    expectRawProblem(await raw(`${method} /api/v1/projects HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`), 405, "method_not_allowed");
  });

  it("answers a path that is not valid UTF-8 with 400 problem+json", async () => {
    expectRawProblem(await raw("GET /api/v1/runs/%ED%A0%80 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400, "invalid_path");
  });

  it("answers request headers over Node's 16 KiB with 431 problem+json", async () => {
    expectRawProblem(await raw(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`), 431, "headers_too_large");
  });

  it("answers a server-action body over its limit with 413 before reading it", async () => {
    const res = await raw(`POST /projects HTTP/1.1\r\nHost: x\r\nNext-Action: abc\r\nContent-Type: text/plain\r\nContent-Length: ${ACTION_BODY_LIMIT_BYTES + 1}\r\nConnection: close\r\n\r\n`);
    expectRawProblem(res, 413, "body_too_large");
  });

  it("believes no forwarded header by default: the socket's address is the client", async () => {
    const res = await fetch(server.base, { headers: { "x-forwarded-for": "203.0.113.7", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", "x-real-ip": "198.51.100.1" } });
    expect(await res.json()).toMatchObject({ xff: "127.0.0.1", host: null, proto: null });
  });
});

describe("TRUST_PROXY", () => {
  it.each([
    ["off", "10.0.0.5", "203.0.113.7", "10.0.0.5", false],
    ["1", "10.0.0.5", "198.51.100.2, 203.0.113.7", "203.0.113.7", true],
    ["2", "10.0.0.5", "198.51.100.2, 203.0.113.7", "198.51.100.2", true],
    ["2", "10.0.0.5", "", "10.0.0.5", true],
    ["10.0.0.0/8", "10.0.0.5", "198.51.100.2, 10.1.1.1", "198.51.100.2", true],
    ["10.0.0.0/8", "192.0.2.9", "198.51.100.2", "192.0.2.9", false],
    ["loopback", "::ffff:127.0.0.1", "203.0.113.7", "203.0.113.7", true],
    ["loopback, 10.0.0.0/8", "::1", "2001:db8::1, 10.2.3.4", "2001:db8::1", true],
  ] as const)("%s: a request from %s forwarded for [%s] comes from %s", (setting, socket, forwarded, client, trusted) => {
    expect(clientAddress(parseTrustProxy(setting), socket, forwarded)).toEqual({ client, trustedPeer: trusted });
  });

  it.each(["0x10", "11", "10.0.0.0/33", "not-an-ip"])("refuses %s as a setting", (setting) => {
    expect(() => parseTrustProxy(setting)).toThrow();
  });

  it("keeps X-Forwarded-Host and -Proto only from a trusted peer", () => {
    const request = (remoteAddress: string) => ({ socket: { remoteAddress }, headers: { "x-forwarded-for": "203.0.113.7", "x-forwarded-host": "console.example", "x-forwarded-proto": "https" } }) as unknown as http.IncomingMessage;
    const trusted = request("10.0.0.5");
    settleForwardedHeaders(trusted, parseTrustProxy("10.0.0.0/8"));
    expect(trusted.headers).toMatchObject({ "x-forwarded-for": "203.0.113.7", "x-forwarded-host": "console.example", "x-forwarded-proto": "https" });
    const stranger = request("192.0.2.9");
    settleForwardedHeaders(stranger, parseTrustProxy("10.0.0.0/8"));
    expect(stranger.headers).toEqual({ "x-forwarded-for": "192.0.2.9" });
  });
});
