import { describe, expect, it } from "vitest";
import { linePaths, niceTicks, ratioAxisMax, seriesIsEmpty, sparklinePath, stackValues, timeTicks } from "@/lib/ui/chart-shapes";

describe("ratioAxisMax", () => {
  it("reads 0–1 % when there were no errors, not 0–400 %", () => {
    expect(ratioAxisMax(0)).toBe(0.01);
    expect(ratioAxisMax(Number.NEGATIVE_INFINITY)).toBe(0.01);
  });
  it("sits a little above the highest value and never passes 100 %", () => {
    expect(ratioAxisMax(0.05)).toBeCloseTo(0.06);
    expect(ratioAxisMax(0.95)).toBe(1);
    expect(ratioAxisMax(1)).toBe(1);
  });
});

describe("seriesIsEmpty", () => {
  it("is true when every point is zero or missing, false once one is above zero", () => {
    expect(seriesIsEmpty([{ "5xx": 0 }, { "5xx": null }, {}], "5xx")).toBe(true);
    expect(seriesIsEmpty([{ "5xx": 0 }, { "5xx": 2 }], "5xx")).toBe(false);
  });
});

describe("sparklinePath", () => {
  it("joins adjacent values and leaves gaps open", () => {
    expect(sparklinePath([10, 20, null, 20, 10], 100, 10)).toBe("M10 5 L30 0 M70 0 L90 5");
  });
  it("draws a lone value as a flat tick at its slot, scaled from zero", () => {
    expect(sparklinePath([null, null, null, 50], 40, 10)).toBe("M35 0 h6");
  });
  it("draws all-zero values on the baseline and nothing for no values", () => {
    expect(sparklinePath([0, 0], 20, 10)).toBe("M5 10 L15 10");
    expect(sparklinePath([null, null], 20, 10)).toBe("");
  });
});

describe("niceTicks", () => {
  it("steps by 1, 2, 2.5 or 5 × 10ⁿ from the bottom to at least the top", () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(0, 0.012)).toEqual([0, 0.005, 0.01, 0.015]);
    expect(niceTicks(0, 37)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(0, 1234).at(-1)).toBeGreaterThanOrEqual(1234);
  });
  it("keeps a ratio axis within 100 %", () => {
    for (const top of [0.97, 0.5, 0.012, 1]) expect(Math.max(...niceTicks(0, ratioAxisMax(top)))).toBeLessThanOrEqual(1);
  });
  it("gives a flat range an axis of its own", () => {
    expect(niceTicks(0, 0)).toEqual([0, 1]);
  });
});

describe("timeTicks", () => {
  it("puts at most `count` ticks on round UTC times inside the range", () => {
    const t0 = Date.parse("2026-12-01T10:07:00Z");
    const t1 = Date.parse("2026-12-02T10:07:00Z");
    const ticks = timeTicks(t0, t1, 5);
    expect(ticks.length).toBeLessThanOrEqual(5);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    for (const t of ticks) {
      expect(t).toBeGreaterThanOrEqual(t0);
      expect(t).toBeLessThanOrEqual(t1);
      expect(t % 3_600_000).toBe(0);
    }
  });
});

describe("stackValues", () => {
  it("adds each layer onto the ones below it; a missing value counts as zero", () => {
    const data = [
      { a: 1, b: 2, c: null },
      { a: 0, b: 5, c: 1 },
    ];
    expect(stackValues(data, ["a", "b", "c"])).toEqual([
      [1, 0],
      [3, 5],
      [3, 6],
    ]);
  });
});

describe("linePaths", () => {
  it("breaks the line at gaps and draws a lone point as a tick", () => {
    expect(linePaths([[0, 10], [10, 20], [20, null], [30, 5], [40, null]])).toBe("M0.0 10.0 L10.0 20.0 M30.0 5.0 h2");
    expect(linePaths([[0, null]])).toBe("");
  });
});
