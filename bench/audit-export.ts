import { NextRequest } from "next/server";
import { GET as auditRoute } from "../app/api/v1/audit/route";
import { verifyAuditChain } from "../lib/audit/verify";
import { getDb } from "../lib/db/client";
import { encodeCursor } from "../lib/db/keyset";
import { appendChainedAuditEvents } from "../scripts/lib/audit-fill";
import { withBenchDatabase } from "./database";
import { benchApiKey, envInt, fmt } from "./fixtures";
import type { Bench } from "./registry";

// Export memory is bounded: the NDJSON export of the whole chain (1,000,000 correctly
// chained events by default, BENCH_AUDIT_EVENTS) through the real route handler, read to
// the end, with RSS sampled every 20 ms; the baseline is the same export of 10,000 events.
// The ratio compares the two exports' peak RSS: flat memory keeps it near 1.

const N = envInt("BENCH_AUDIT_EVENTS", 1_000_000);
const SMALL = Math.min(10_000, N);
const MB = 1024 * 1024;

type Measured = { events: number; bytes: number; seconds: number; baseRss: number; peakRss: number; curve: number[] };

async function exportOnce(key: string, query: string, expected: number): Promise<Measured> {
  const baseRss = process.memoryUsage().rss;
  let peakRss = baseRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const response = await auditRoute(new NextRequest(`http://bench.local/api/v1/audit?format=ndjson${query}`, { headers: { authorization: `Bearer ${key}` } }));
  if (response.status !== 200 || !response.body) throw new Error(`export answered ${response.status}: ${await response.text()}`);
  const reader = response.body.getReader();
  let bytes = 0;
  let events = 0;
  // Peak RSS per tenth of the export: flat when memory is bounded, rising when it is not.
  const curve: number[] = [];
  const tenth = Math.max(1, Math.floor(expected / 10));
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (const byte of value) if (byte === 10 && ++events % tenth === 0) curve.push(peakRss);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  clearInterval(sampler);
  return { events, bytes, seconds: (performance.now() - started) / 1000, baseRss, peakRss, curve };
}

const describe = (m: Measured) =>
  `${fmt(m.events)} events, ${fmt(m.bytes / MB, 1)} MiB in ${fmt(m.seconds, 1)} s (${fmt(m.events / m.seconds)} events/s); RSS ${fmt(m.baseRss / MB)} → peak ${fmt(m.peakRss / MB)} MiB (+${fmt((m.peakRss - m.baseRss) / MB, 1)})`;

export const auditExportBench: Bench = {
  name: "audit-export",
  description: `NDJSON export of ${fmt(N)} chained audit events vs ${fmt(SMALL)}: peak RSS while streaming`,
  run: () =>
    withBenchDatabase(async () => {
      const { key } = await benchApiKey(["audit:read"]);
      const fillStarted = performance.now();
      await appendChainedAuditEvents(getDb(), N - 1, { batchSize: 2000 });
      const fillSeconds = (performance.now() - fillStarted) / 1000;
      const verifyStarted = performance.now();
      const verified = await verifyAuditChain(getDb());
      const verifySeconds = (performance.now() - verifyStarted) / 1000;
      if (!verified.ok) throw new Error(`the generated chain does not verify: ${JSON.stringify(verified)}`);

      // The small export: the oldest SMALL events (seq ≤ SMALL) via the cursor.
      const small = await exportOnce(key, `&cursor=${encodeCursor([SMALL + 1])}`, SMALL);
      const large = await exportOnce(key, "", verified.checked);
      if (small.events !== SMALL || large.events !== verified.checked) throw new Error(`exported ${small.events}/${large.events} events, expected ${SMALL}/${verified.checked}`);
      // The process's peak RSS exporting 100× the events: bounded memory keeps this near 1.
      const ratio = large.peakRss / small.peakRss;
      return {
        lines: [
          `generated ${fmt(verified.checked)} chained events in ${fmt(fillSeconds, 1)} s; verify: ${fmt(verifySeconds, 1)} s, intact`,
          `small: ${describe(small)}`,
          `large: ${describe(large)}`,
          `peak RSS by tenth of the large export (MiB): ${large.curve.map((r) => fmt(r / MB)).join(" ")}`,
          `peak RSS of the process while exporting ${fmt(large.events)} events: ${fmt(large.peakRss / MB)} MiB`,
        ],
        ratio,
        target: { text: "peak RSS large/small ≤ 1.5 (memory does not grow with the export)", met: ratio <= 1.5 },
      };
    }),
};
