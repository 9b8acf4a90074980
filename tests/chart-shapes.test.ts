import { describe, expect, it } from "vitest";
import { ratioAxisMax, seriesIsEmpty, sparklinePath } from "@/lib/ui/chart-shapes";

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
