import http from "node:http";
import type { NextRequest } from "next/server";
import { GET as auditRoute } from "../app/api/v1/audit/route";
import { getDb } from "../lib/db/client";
import { installServerHooks } from "../lib/http/node-server";
import { createLogger, setLogger } from "../lib/log/logger";
import { appendChainedAuditEvents } from "../scripts/lib/audit-fill";
import { withBenchDatabase } from "./database";
import { benchApiKey, envInt, fmt } from "./fixtures";
import { compareLoads, describeLoad, pairedRatio, roundRatios, serve } from "./http";
import type { Bench } from "./registry";
import { setupRunsList } from "./runs-list";

// What compression buys and costs, in one session (route handlers behind the app's Node server hook): bytes on the wire and requests/s for the
// 200-run list (brotli and gzip against plain), and the 100k-event NDJSON export streamed
// with and without brotli: bytes, time, and peak RSS (the target: within 1.2× of plain).

const EXPORT_EVENTS = envInt("BENCH_COMPRESSION_EVENTS", 100_000);
const MB = 1024 * 1024;

type Fetched = { status: number; encoding: string | null; bytes: number; seconds: number; peakRss: number; baseRss: number };

/** Raw bytes over loopback HTTP (no decompression), with RSS sampled every 20 ms while it streams. */
function fetchRaw(url: string, headers: Record<string, string>): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const baseRss = process.memoryUsage().rss;
    let peakRss = baseRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const started = performance.now();
    http
      .get(url, { headers }, (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => (bytes += chunk.byteLength));
        res.on("end", () => {
          clearInterval(sampler);
          resolve({ status: res.statusCode ?? 0, encoding: (res.headers["content-encoding"] as string | undefined) ?? null, bytes, seconds: (performance.now() - started) / 1000, peakRss, baseRss });
        });
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();

export const compressionBench: Bench = {
  name: "compression",
  description: `200-run list: bytes and req/s with brotli/gzip vs plain; NDJSON export of ${fmt(EXPORT_EVENTS)} audit events streamed with and without brotli: bytes, time, peak RSS`,
  run: () =>
    withBenchDatabase(async () => {
      // Compression happens at the Node server, as under `next start`; request lines would flood stdout.
      setLogger(createLogger(undefined, "warn"));
      installServerHooks();
      const list = await setupRunsList();
      const path = list.path.replace("limit=50", "limit=200");
      const served = await serve(list.full);
      const { key: auditKey } = await benchApiKey(["audit:read"]);
      await appendChainedAuditEvents(getDb(), EXPORT_EVENTS, { batchSize: 2000 });
      const exporter = await serve((request: NextRequest) => auditRoute(request));
      try {
        const auth = { authorization: `Bearer ${list.key}` };
        const url = served.url + path;
        const plain = await fetchRaw(url, auth);
        const br = await fetchRaw(url, { ...auth, "accept-encoding": "br" });
        const gz = await fetchRaw(url, { ...auth, "accept-encoding": "gzip" });
        if (plain.status !== 200 || br.encoding !== "br" || gz.encoding !== "gzip") throw new Error(`list answered ${plain.status}/${br.encoding}/${gz.encoding}`);
        const loads = await compareLoads({
          plain: { url, headers: auth },
          br: { url, headers: { ...auth, "accept-encoding": "br" } },
          gzip: { url, headers: { ...auth, "accept-encoding": "gzip" } },
        });
        const brRatio = pairedRatio(loads, "br", "plain");

        // The export: plain first and brotli second, then again in the other order (RSS is a high-water mark).
        const exportUrl = `${exporter.url}/api/v1/audit?format=ndjson`;
        const auditAuth = { authorization: `Bearer ${auditKey}` };
        gc();
        const exportPlain = await fetchRaw(exportUrl, auditAuth);
        gc();
        const exportBr = await fetchRaw(exportUrl, { ...auditAuth, "accept-encoding": "br" });
        if (exportPlain.status !== 200 || exportBr.encoding !== "br") throw new Error(`export answered ${exportPlain.status}/${exportBr.encoding}`);
        const rssGrowth = (f: Fetched) => Math.max(1, f.peakRss - f.baseRss);
        const rssRatio = exportBr.peakRss / exportPlain.peakRss;
        const saved = (a: Fetched, b: Fetched) => `${fmt(b.bytes / 1024, 1)} KiB (${fmt((1 - b.bytes / a.bytes) * 100, 1)}% saved, ${fmt(a.bytes / b.bytes, 1)}× smaller)`;
        const lines = [
          `200-run list: plain ${fmt(plain.bytes / 1024, 1)} KiB, brotli ${saved(plain, br)}, gzip ${saved(plain, gz)}`,
          `  plain:  ${describeLoad(loads.totals.plain!)}`,
          `  brotli: ${describeLoad(loads.totals.br!)}`,
          `  gzip:   ${describeLoad(loads.totals.gzip!)}`,
          `  brotli/plain req/s per round: ${roundRatios(loads, "br", "plain")}; gzip/plain median ${pairedRatio(loads, "gzip", "plain").toFixed(2)}`,
          `export of ${fmt(EXPORT_EVENTS)} events: plain ${fmt(exportPlain.bytes / MB, 1)} MiB in ${fmt(exportPlain.seconds, 1)} s, peak RSS ${fmt(exportPlain.peakRss / MB)} MiB (+${fmt(rssGrowth(exportPlain) / MB, 1)})`,
          `  brotli ${fmt(exportBr.bytes / MB, 1)} MiB (${fmt((1 - exportBr.bytes / exportPlain.bytes) * 100, 1)}% saved) in ${fmt(exportBr.seconds, 1)} s, peak RSS ${fmt(exportBr.peakRss / MB)} MiB (+${fmt(rssGrowth(exportBr) / MB, 1)}); peak RSS brotli/plain ${rssRatio.toFixed(2)} (target ≤ 1.2)`,
          `ratio below: brotli/plain requests/s on the 200-run list (median of rounds)`,
        ];
        return { lines, ratio: brRatio, target: { text: "export peak RSS with brotli ≤ 1.2× plain", met: rssRatio <= 1.2 } };
      } finally {
        await served.close();
        await exporter.close();
      }
    }),
};
