import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { Writable } from "node:stream";
import type { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installServerHooks } from "@/lib/http/node-server";
import { createLogger, errorField, setLogger } from "@/lib/log/logger";
import { sql } from "drizzle-orm";
import { send } from "@/lib/channels/adapters";
import { getDb } from "@/lib/db/client";
import { slowQuerySamples } from "@/lib/db/schema";
import { setQueryObserver } from "@/lib/db/timed-client";
import { withRequestContext } from "@/lib/db/query-context";
import { flushSlowQueries } from "@/lib/queries/flush";
import { SlowQueryRecorder } from "@/lib/queries/recorder";
import { probe } from "@/lib/monitors/probe";
import { flushTracing, startTracing, tracingEnabled, withServerSpan } from "@/lib/observability/tracing";
import { runInRequestScope } from "@/lib/request/scope";
import { makeKey, makeProject, type TestKey } from "./support/api";
import { serveHttp } from "./support/loopback";
import { routeHandler } from "./support/route-server";
import { serve, type Served } from "./support/serve";
import { until } from "./support/until";
import { testRedis } from "./setup/redis";
import { connectRedis, whenReady } from "@/lib/redis/connection";
import { signedInUser } from "./support/users";

// Traces and logs of a real request: the v1 API behind a real HTTP server with the app's
// server hooks, exporting over OTLP/HTTP (protobuf, the default) to a receiver in its own
// process that decodes what arrives. The app's log lines are captured from the logger's
// destination, the JSON the server would write to stdout.

type ExportedSpan = { traceId: string; spanId: string; parentSpanId: string; name: string; kind: number; attributes: Record<string, unknown>; resource: Record<string, unknown> };

let receiver: ChildProcess;
let receiverBase = "";
let api: Served;
let owner: TestKey;
const lines: string[] = [];

async function startReceiver(): Promise<void> {
  receiver = spawn(process.execPath, [path.join(import.meta.dirname, "support/otlp-receiver.mjs")], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve) => receiver.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().trim())));
  receiverBase = `http://127.0.0.1:${port}`;
}

async function exported(): Promise<ExportedSpan[]> {
  return (await fetch(`${receiverBase}/spans`).then((r) => r.json())) as ExportedSpan[];
}

beforeAll(async () => {
  await startReceiver();
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiverBase;
  expect(await startTracing()).toBe(true);
  setLogger(
    createLogger(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(...chunk.toString().split("\n").filter(Boolean));
          done();
        },
      }),
    ),
  );
  installServerHooks();
  const handler = routeHandler();
  // A signed-in request: the session a cookie would name, entered through the test scope.
  api = await serve((request: NextRequest) => {
    const sid = request.headers.get("x-test-session");
    return sid ? runInRequestScope({ headers: request.headers, sessionId: sid }, () => handler(request)) : handler(request);
  });
  owner = await makeKey();
});

afterAll(async () => {
  await api?.close();
  setLogger(undefined);
  receiver?.kill("SIGTERM");
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
});

const requestLines = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.component === "http");

describe("OpenTelemetry traces over OTLP/HTTP", () => {
  it("turns one POST /api/v1/projects/{slug}/runs with a traceparent into a span tree under that trace id: route span, its queries, the audit insert", async () => {
    expect(tracingEnabled()).toBe(true);
    const project = await makeProject(owner);
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const parentId = "00f067aa0ba902b7";
    const res = await fetch(`${api.url}/api/v1/projects/${project.slug}/runs`, {
      method: "POST",
      headers: { authorization: `Bearer ${owner.key}`, "content-type": "application/json", traceparent: `00-${traceId}-${parentId}-01` },
      body: JSON.stringify({ name: "traced deploy" }),
    });
    expect(res.status, await res.text()).toBe(201);
    const requestId = res.headers.get("x-request-id")!;

    await until(async () => {
      await flushTracing();
      return (await exported()).some((s) => s.traceId === traceId && s.kind === 2);
    });
    const spans = (await exported()).filter((s) => s.traceId === traceId);
    const server = spans.find((s) => s.kind === 2)!; // SERVER
    expect(server).toMatchObject({ parentSpanId: parentId, name: "POST /api/v1/projects/[slug]/runs" });
    expect(server.attributes).toMatchObject({ "opsdeck.request_id": requestId, "http.response.status_code": 201, "enduser.id": `key:${owner.id}` });
    expect(server.resource["service.name"]).toBe("opsdeck");

    const route = spans.find((s) => s.name === "/api/v1/projects/[slug]/runs")!;
    expect(route.parentSpanId).toBe(server.spanId);
    expect(route.attributes["opsdeck.request_id"]).toBe(requestId);

    // Every query of the request sits under the route span (directly or below it).
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const under = (s: ExportedSpan, ancestor: string): boolean => {
      for (let p = byId.get(s.parentSpanId); p; p = byId.get(p.parentSpanId)) if (p.spanId === ancestor) return true;
      return false;
    };
    const queries = spans.filter((s) => s.attributes["db.system.name"] === "postgresql");
    // The key lookup (the key's first use: no instance has it cached yet), and the create:
    // one statement inserting the run and its audit event.
    expect(queries.length).toBeGreaterThanOrEqual(2);
    for (const q of queries) expect(under(q, route.spanId), q.name).toBe(true);
    const texts = queries.map((q) => String(q.attributes["db.query.text"]));
    expect(texts.some((t) => /from api_keys/i.test(t))).toBe(true);
    expect(texts.some((t) => /insert into "?runs"?/i.test(t) && /insert into "?audit_events"?/i.test(t))).toBe(true);
    // Statement text only: the run's name (a parameter) is never in a span.
    expect(JSON.stringify(spans)).not.toContain("traced deploy");
    expect(JSON.stringify(spans)).not.toContain(owner.key);

    // The request's log line carries the same trace id.
    await until(() => requestLines().some((l) => l.requestId === requestId));
    const line = requestLines().find((l) => l.requestId === requestId)!;
    expect(line.traceId).toBe(traceId);
  });
});

describe("slow-query records", () => {
  it("keep the trace id of the request that issued the query", async () => {
    const recorder = new SlowQueryRecorder(5);
    setQueryObserver((o) => recorder.observe(o));
    const traceId = "1bf92f3577b34da6a3ce929d0e0e4737";
    try {
      await withServerSpan({ traceparent: `00-${traceId}-10f067aa0ba902b7-01` }, "GET /slow", {}, async (span) => {
        await withRequestContext({ route: "/slow", requestId: "req-slow-traced" }, async () => await getDb().execute(sql`SELECT pg_sleep(0.02)`));
        span?.end();
      });
    } finally {
      setQueryObserver(undefined);
    }
    await recorder.drain();
    await flushSlowQueries(recorder);
    const rows = await getDb().select().from(slowQuerySamples).where(sql`${slowQuerySamples.requestId} = 'req-slow-traced'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.traceId).toBe(traceId);
  });
});

describe("traceparent on the way out", () => {
  it("sends the active trace on monitor probes and notification deliveries, each under its own CLIENT span", async () => {
    const seen: (string | undefined)[] = [];
    const target = await serveHttp((req, res) => {
      seen.push(req.headers.traceparent as string | undefined);
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
    try {
      const traceId = "0af7651916cd43dd8448eb211c80319c";
      const headers = { traceparent: `00-${traceId}-b7ad6b7169203331-01` };
      const probed = await withServerSpan(headers, "job monitor-probes", {}, async (span) => {
        const result = await probe({ url: `${target.base}/healthz`, method: "GET", timeoutMs: 2_000, expectedStatus: 200, keyword: null });
        span?.end();
        return result;
      });
      expect(probed.ok).toBe(true);
      await withServerSpan(headers, "job notifications", {}, async (span) => {
        const message = { event: "firing" as const, incident: null, text: "test", at: new Date().toISOString() };
        await send({ id: "c1", name: "hook", kind: "slack", config: {}, secret: { url: `${target.base}/hook` } }, message, "d1", 2_000);
        span?.end();
      });
      expect(seen).toHaveLength(2);
      for (const header of seen) expect(header).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
      await until(async () => {
        await flushTracing();
        const names = (await exported()).filter((s) => s.traceId === traceId).map((s) => s.name);
        return names.includes("monitor probe GET") && names.includes("notification delivery POST");
      });
      // The span id sent is the CLIENT span's own.
      const clients = (await exported()).filter((s) => s.traceId === traceId && s.kind === 3);
      expect(clients.map((s) => s.spanId).sort()).toEqual(seen.map((h) => h!.split("-")[2]).sort());
    } finally {
      await target.close();
    }
  });
});

describe("Redis calls", () => {
  it("are CLIENT spans under the active span, named by command, without keys or values", async () => {
    const redis = await testRedis();
    const client = connectRedis(redis.url, 1_000, "trace-test");
    try {
      await whenReady(client, 1_000);
      const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
      await withServerSpan({ traceparent: `00-${traceId}-00f067aa0ba902b7-01` }, "GET /cached", {}, async (span) => {
        await client.set("opsdeck:trace-test:secret-key", "secret-value", "PX", 5_000);
        expect(await client.get("opsdeck:trace-test:secret-key")).toBe("secret-value");
        span?.end();
      });
      await until(async () => {
        await flushTracing();
        const names = (await exported()).filter((s) => s.traceId === traceId).map((s) => s.name);
        return names.includes("redis SET") && names.includes("redis GET");
      });
      const spans = (await exported()).filter((s) => s.traceId === traceId && s.name.startsWith("redis "));
      const server = (await exported()).find((s) => s.traceId === traceId && s.name === "GET /cached")!;
      for (const span of spans) {
        expect(span.kind).toBe(3);
        expect(span.parentSpanId).toBe(server.spanId);
        expect(span.attributes).toMatchObject({ "db.system": "redis" });
        expect(JSON.stringify(span)).not.toMatch(/secret-(key|value)/);
      }
    } finally {
      client.disconnect();
      await redis.stop();
    }
  });
});

describe("request log lines", () => {
  it("writes one JSON line per request, API key or signed-in, with method, route, status, duration, request id, trace id and caller, and no secret", async () => {
    const user = await signedInUser("operator");
    const cookie = `next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.c2Vzc2lvbi1zZWNyZXQtdmFsdWU.bm9uY2Utbm9uY2U`;
    const asKey = await fetch(`${api.url}/api/v1/projects?limit=5`, { headers: { authorization: `Bearer ${owner.key}` } });
    const asUser = await fetch(`${api.url}/api/v1/projects?limit=5`, { headers: { cookie, "x-test-session": user.sessionId } });
    expect([asKey.status, asUser.status]).toEqual([200, 200]);
    const ids = [asKey.headers.get("x-request-id"), asUser.headers.get("x-request-id")];
    await until(() => ids.every((id) => requestLines().some((l) => l.requestId === id)));

    for (const [id, caller] of [
      [ids[0], `key:${owner.id}`],
      [ids[1], `user:${user.id}`],
    ] as const) {
      const mine = requestLines().filter((l) => l.requestId === id);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ level: "info", method: "GET", route: "/api/v1/projects", status: 200, requestId: id, caller, traceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
      expect(mine[0]!.durationMs).toEqual(expect.any(Number));
    }
    const all = lines.join("\n");
    for (const secret of [owner.key, cookie, "eyJhbGciOiJkaXIi", "a-long-test-password", user.sessionId]) expect(all).not.toContain(secret);
  });

  it("redacts secret-bearing members and secret-shaped text wherever a module logs them", () => {
    const captured: string[] = [];
    const logger = createLogger(new Writable({ write: (c: Buffer, _e, done) => (captured.push(c.toString()), done()) }));
    logger.info({ headers: { authorization: "Bearer opk_abcdefgh12345678", cookie: "sid=1" }, password: "hunter2-hunter2", nested: { token: "t0k3n-value" } }, "connect postgres://app:s3cret-pw@db/opsdeck failed");
    const out = captured.join("");
    for (const secret of ["opk_abcdefgh12345678", "sid=1", "hunter2-hunter2", "t0k3n-value", "s3cret-pw"]) expect(out).not.toContain(secret);
    expect(JSON.parse(out)).toMatchObject({ headers: { authorization: "[redacted]", cookie: "[redacted]" }, password: "[redacted]" });
    // A failed query's parameters (user data) never reach a line through errorField.
    const failed = new Error('Failed query: update "users" set "password_hash" = $1\nparams: $argon2id$v=19$secret-hash-value');
    expect(errorField(failed).message).toBe('Failed query: update "users" set "password_hash" = $1\nparams: [redacted]');
  });
});
