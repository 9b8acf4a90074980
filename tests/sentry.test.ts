import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { route } from "@/lib/http/pipeline";
import { flushServerSentry, initServerSentry, serverSentry } from "@/lib/observability/sentry-server";
import { scrubEvent, scrubString } from "@/lib/observability/scrub";
import { call, makeKey } from "./support/api";
import { until } from "./support/until";

// A real HTTP server stands in for Sentry: it stores every envelope posted to it.
const received: { path: string; body: string }[] = [];
const sink = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const raw = Buffer.concat(chunks);
    const body = req.headers["content-encoding"] === "gzip" ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
    received.push({ path: req.url ?? "", body });
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
});

async function listen(): Promise<number> {
  // The port range set aside for these sinks, with the OS's choice as the fallback.
  for (let port = 3500 + Math.floor(Math.random() * 90); port < 3600; port++) {
    const ok = await new Promise<boolean>((resolve) => {
      sink.once("error", () => resolve(false));
      sink.listen(port, "127.0.0.1", () => resolve(true));
    });
    if (ok) return port;
  }
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  return (sink.address() as AddressInfo).port;
}
const port = await listen();
afterAll(() => new Promise<void>((resolve) => sink.close(() => resolve())));

const PASSWORD = "hunter2-correct-horse";
const COOKIE = "next-auth.session-token=eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbi1wYXlsb2Fk.c2lnbmF0dXJlLXZhbHVl";

// A route handler that fails after leaving a trail with secrets in it.
const failing = route({ route: "/api/v1/test/explode/[id]" }, async (ctx) => {
  serverSentry()?.addBreadcrumb({ category: "form", message: `login attempt with password=${PASSWORD}`, data: { password: PASSWORD, email: "a@example.com" } });
  serverSentry()?.setContext("submitted", { password: PASSWORD, apiKey: ctx.request.headers.get("authorization") });
  throw new Error(`boom while using ${ctx.request.headers.get("authorization")?.slice(7)}`);
});

describe("Sentry", () => {
  it("sends nothing without a DSN", async () => {
    const key = await makeKey();
    const res = await call(failing, "GET", "/api/v1/test/explode/1", { key: key.key, headers: { "x-request-id": "req-no-dsn-0001" } });
    expect(res.status).toBe(500);
    expect(serverSentry()).toBeUndefined();
    expect(await initServerSentry({ dsn: undefined })).toBe(false);
    // The next test's flush would carry this error too if it had been queued anywhere.
  });

  it("receives a route handler's error with the request id tag and without the Authorization header, cookie, API key or password", async () => {
    expect(await initServerSentry({ dsn: `http://publickey@127.0.0.1:${port}/1`, environment: "test", release: "opsdeck@test" })).toBe(true);
    const key = await makeKey();
    const res = await call(failing, "POST", "/api/v1/test/explode/2?code=query-secret-value", {
      key: key.key,
      body: { password: PASSWORD },
      headers: { "x-request-id": "req-sentry-0001", cookie: COOKIE },
    });
    expect(res.status).toBe(500);
    expect(await flushServerSentry(5_000)).toBe(true);
    await until(() => received.some((r) => r.body.includes('"type":"event"')), "the event envelope");

    const events = received.filter((r) => r.body.includes('"type":"event"'));
    expect(events).toHaveLength(1);
    const envelope = events[0]!;
    expect(envelope.path).toMatch(/^\/api\/1\/envelope\/\?.*sentry_key=publickey/);
    const event = JSON.parse(envelope.body.split("\n").find((line) => line.includes('"exception"'))!);
    expect(event.tags).toMatchObject({ request_id: "req-sentry-0001", route: "/api/v1/test/explode/[id]" });
    expect(event.environment).toBe("test");
    expect(event.release).toBe("opsdeck@test");
    expect(event.exception.values[0].value).toMatch(/^boom while using \[redacted\]$/);
    expect(event.request?.headers?.authorization ?? "[redacted]").toBe("[redacted]");

    for (const secret of [key.key, key.key.slice(4), PASSWORD, "eyJhbGciOiJIUzI1NiJ9", "c2Vzc2lvbi1wYXlsb2Fk", "query-secret-value"]) {
      expect(envelope.body, `envelope leaks ${secret.slice(0, 8)}…`).not.toContain(secret);
    }
    expect(envelope.body).not.toContain("req-no-dsn-0001");
  });
});

describe("scrubbing", () => {
  it("redacts keys, bearer tokens, URL credentials and sensitive members anywhere in an event", () => {
    const key = `opk_${"a1B2".repeat(10)}xyz`;
    expect(scrubString(`key ${key} used`)).toBe("key [redacted] used");
    expect(scrubString("Authorization: Bearer abc.def-ghi")).toBe("Authorization: [redacted]");
    expect(scrubString("postgres://app:s3cret@db:5432/x")).toBe("postgres://app:[redacted]@db:5432/x");
    expect(scrubString("/cb?code=xyz&state=1")).toBe("/cb?code=[redacted]&state=1");
    const event = scrubEvent({
      request: { headers: { Authorization: "Bearer x", Cookie: "a=b", "X-Api-Key": key, Accept: "json" }, cookies: { a: "b" } },
      extra: { nested: [{ password: "p", token: "t", note: `see ${key}` }], user: { email: "e@x" } },
    });
    expect(event).toEqual({
      request: { headers: { Authorization: "[redacted]", Cookie: "[redacted]", "X-Api-Key": "[redacted]", Accept: "json" } },
      extra: { nested: [{ password: "[redacted]", token: "[redacted]", note: "see [redacted]" }], user: { email: "e@x" } },
    });
  });
});

describe("CSP with a DSN", () => {
  it("lets the browser post to the DSN's host and nowhere else new", async () => {
    const { contentSecurityPolicy } = await import("@/lib/security/headers");
    const csp = contentSecurityPolicy("n0nce", { production: true, https: false, connectOrigins: ["https://o1.ingest.sentry.io"] });
    expect(csp).toContain("connect-src 'self' https://o1.ingest.sentry.io;");
    expect(contentSecurityPolicy("n0nce", { production: true, https: false })).toContain("connect-src 'self';");
  });
});
