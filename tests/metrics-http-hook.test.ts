import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentQueryContext } from "@/lib/db/query-context";
import { installServerHooks } from "@/lib/http/node-server";
import { recordRequest } from "@/lib/metrics/record";
import { appMetrics } from "@/lib/metrics/registry";
import { serveHttp, type LoopbackHttp } from "./support/loopback";
import { until } from "./support/until";

// The server-level hook records what neither the pipeline nor an action recorded, once.
let server: LoopbackHttp;
let base = "";

beforeAll(async () => {
  installServerHooks();
  server = await serveHttp((req, res) => {
    if (req.url === "/recorded-by-pipeline") {
      // What route() does: record with its template, then answer.
      setTimeout(() => {
        recordRequest({ route: "/pipeline/[id]", method: "GET", status: 201, durationMs: 1 });
        res.writeHead(201).end();
      }, 5);
      return;
    }
    if (req.url === "/context") {
      // What a page's query would see: the route label and the request id the hook assigned.
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ context: currentQueryContext() ?? null, header: req.headers["x-request-id"] }));
      return;
    }
    res.writeHead(req.url === "/missing" ? 404 : 200).end("page");
  });
  base = server.base;
});
afterAll(() => server.close());

async function count(labels: Record<string, string>): Promise<number> {
  const metric = await appMetrics().requests.get();
  return metric.values.filter((v) => Object.entries(labels).every(([k, want]) => String((v.labels as Record<string, unknown>)[k]) === want)).reduce((a, v) => a + v.value, 0);
}

describe("HTTP-server hook", () => {
  it("records a request nothing else recorded, with a bounded route label and its status", async () => {
    await fetch(`${base}/missing`).then((r) => r.text());
    await until(async () => (await count({ route: "(unmatched)", status: "404" })) === 1);
    expect(await count({ route: "(unmatched)", status: "404" })).toBe(1);
  });

  it("skips a request the pipeline already recorded (no double count)", async () => {
    await fetch(`${base}/recorded-by-pipeline`).then((r) => r.text());
    await until(async () => (await count({ route: "/pipeline/[id]" })) === 1);
    await fetch(`${base}/missing`).then((r) => r.text()); // a later request, recorded after the first closed
    await until(async () => (await count({ route: "(unmatched)", status: "404" })) === 2);
    expect(await count({ status: "201" })).toBe(1);
  });

  it("opens a query context for the request: its route label and one request id, kept when the client sent a valid one", async () => {
    const fresh = (await fetch(`${base}/context`).then((r) => r.json())) as { context: { route: string; requestId: string }; header: string };
    expect(fresh.context.route).toBe("(unmatched)");
    expect(fresh.context.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(fresh.header).toBe(fresh.context.requestId);
    const given = (await fetch(`${base}/context`, { headers: { "x-request-id": "req-from-client-1" } }).then((r) => r.json())) as { context: { requestId: string } };
    expect(given.context.requestId).toBe("req-from-client-1");
  });
});
