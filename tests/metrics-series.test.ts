import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { requestMetrics } from "@/lib/db/schema";
import { emptyBuckets } from "@/lib/metrics/histogram";
import { getMetricsHistory } from "@/lib/metrics/history";

// The charts draw only steps every instance has flushed: the minute still filling would
// otherwise show as a cliff at the right edge. The totals still count it.

describe("history series", () => {
  it("draws flushed minutes and leaves the one still filling to the totals", async () => {
    const route = "/series/[id]";
    const minute = 60_000;
    const current = Math.floor(Date.now() / minute) * minute;
    const row = (start: number, count: number) => ({ resolution: "minute", bucketStart: new Date(start), instanceId: "a", route, method: "GET", statusClass: "2xx", count, sumSeconds: count * 0.01, buckets: emptyBuckets() });
    await getDb().insert(requestMetrics).values([row(current - 10 * minute, 60), row(current - 5 * minute, 120), row(current, 3)]);

    const history = await getMetricsHistory({ from: new Date(current - 30 * minute), to: new Date(current + minute), route });
    expect(history.series.map((p) => Date.parse(p.t))).toEqual([current - 10 * minute, current - 5 * minute]);
    expect(history.series.map((p) => p.requests)).toEqual([60, 120]);
    expect(history.totals.count).toBe(183);
    expect(Date.parse(history.generatedAt)).toBeGreaterThan(current - minute);
  });
});
