import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { NextRequest } from "next/server";
import * as heartbeatRoute from "../app/api/v1/heartbeats/[token]/route";
import * as publicPage from "../app/status/[slug]/route";
import { getDb } from "../lib/db/client";
import { monitorChecks } from "../lib/db/schema";
import { createMonitor } from "../lib/monitors/mutations";
import { runDueProbes } from "../lib/monitors/run-probes";
import { createStatusPage } from "../lib/status-pages/store";
import { withBenchDatabase } from "./database";
import { benchApiKey, fmt, median } from "./fixtures";
import { compareLoads, describeLoad, pairedRatio, roundRatios, serve } from "./http";
import type { Bench } from "./registry";

// The public status page under a thundering herd of anonymous readers, against a static file
// of the same size served by the same server (read from disk per request, as a file server
// does), and heartbeat pings per second (one UPDATE each on async-commit sessions).
// Rate limits are lifted (bench/database.ts): each layer's cost is what is measured.

const DAY_MS = 86_400_000;

export const statusPageBench: Bench = {
  name: "status-page",
  description: "anonymous GET /status/{slug} (4 components, 90 days of history) vs a static file of the same size, same server; heartbeat GET pings/s",
  run: () =>
    withBenchDatabase(async () => {
      const { ctx } = await benchApiKey(["monitors:write", "status:write"]);
      const now = Date.now();
      const made = [];
      for (let i = 0; i < 4; i++) made.push(await createMonitor(ctx, { type: "tcp", name: `bench-${i}`, host: "127.0.0.1", port: 9, intervalSeconds: 3600, timeoutMs: 500 }));
      const heartbeat = await createMonitor(ctx, { type: "heartbeat", name: "bench-heartbeat", heartbeatPeriodSeconds: 3600 });
      const checks = made.flatMap((m) => Array.from({ length: 90 * 24 }, (_, h) => ({ monitorId: m.id, checkedAt: new Date(now - h * 3_600_000 - DAY_MS / 48), ok: h % 97 !== 0, latencyMs: 20 })));
      for (let i = 0; i < checks.length; i += 2000) await getDb().insert(monitorChecks).values(checks.slice(i, i + 2000));
      await runDueProbes();
      await createStatusPage(ctx, { slug: "bench", title: "Bench status", components: made.map((m, i) => ({ displayName: `Component ${i}`, groupName: i < 2 ? "Core" : "Edge", monitorIds: [m.id] })) });

      const page = await (await publicPage.GET(new Request("http://bench/status/bench"), { params: Promise.resolve({ slug: "bench" }) })).text();
      const file = path.join(os.tmpdir(), `opsdeck-bench-static-${process.pid}.html`);
      await writeFile(file, page);
      const token = heartbeat.heartbeatToken!;
      const served = await serve(async (request: NextRequest) => {
        const { pathname } = request.nextUrl;
        if (pathname === "/static.html") return new Response(await readFile(file), { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "public, max-age=60" } });
        if (pathname.startsWith("/api/v1/heartbeats/")) return heartbeatRoute.GET(request, { params: Promise.resolve({ token: pathname.split("/")[4]! }) });
        return publicPage.GET(request, { params: Promise.resolve({ slug: pathname.split("/")[2]! }) });
      });
      try {
        const check = await fetch(`${served.url}/status/bench`);
        if (check.status !== 200) throw new Error(`the page answered ${check.status}`);
        const ping = await fetch(`${served.url}/api/v1/heartbeats/${token}`);
        if (ping.status !== 200) throw new Error(`a ping answered ${ping.status}`);
        const loads = await compareLoads({ page: { url: `${served.url}/status/bench`, headers: {} }, static: { url: `${served.url}/static.html`, headers: {} } });
        const ratio = pairedRatio(loads, "page", "static");
        const pings = await compareLoads({ ping: { url: `${served.url}/api/v1/heartbeats/${token}`, headers: {} } }, 2);
        const pingRps = pings.totals.ping!.rps;
        // A wrong token must not be told apart by timing: interleaved sequential pings, right and
        // wrong (well-formed, unknown), medians compared at 1 ms.
        const timed = async (t: string) => {
          const started = performance.now();
          await (await fetch(`${served.url}/api/v1/heartbeats/${t}`)).arrayBuffer();
          return performance.now() - started;
        };
        const wrong = `hb_${"A".repeat(43)}`;
        for (let i = 0; i < 50; i++) await Promise.all([timed(token), timed(wrong)]);
        const right: number[] = [];
        const miss: number[] = [];
        for (let i = 0; i < 500; i++) {
          right.push(await timed(token));
          miss.push(await timed(wrong));
        }
        const gap = Math.abs(median(right) - median(miss));
        const lines = [
          `/status/bench (${fmt(Buffer.byteLength(page))} B): ${describeLoad(loads.totals.page!)}`,
          `static file, same size:  ${describeLoad(loads.totals.static!)}`,
          `page/static per round: ${roundRatios(loads, "page", "static")} (the ratio below is their median)`,
          `heartbeat pings: ${describeLoad(pings.totals.ping!)} — goal ≥ 2,000/s: ${pingRps >= 2000 ? "met" : "MISSED"}`,
          `heartbeat right token median ${median(right).toFixed(2)} ms, wrong token ${median(miss).toFixed(2)} ms (500 each, interleaved): gap ${gap.toFixed(2)} ms — goal < 1 ms: ${gap < 1 ? "met" : "MISSED"}`,
        ];
        return { lines, ratio, target: { text: "page/static ≥ 0.5", met: ratio >= 0.5 } };
      } finally {
        await served.close();
      }
    }),
};
