// Pure chart geometry and axes, kept out of components so the rules are unit-tested
// (tests/chart-shapes.test.ts).

/**
 * The top of a ratio axis (0..1 values shown as %): a little above the highest value, never
 * above 100 %, and 1 % when nothing happened, so a quiet range reads 0–1 %, not a chart's
 * default 0–4 (0–400 %).
 */
export function ratioAxisMax(dataMax: number): number {
  if (!Number.isFinite(dataMax) || dataMax <= 0) return 0.01;
  return Math.min(1, dataMax * 1.2);
}

/** A series with no value above zero in the data draws no stroke in a stack (it would trace the stack's top). */
export function seriesIsEmpty(data: Record<string, unknown>[], key: string): boolean {
  return data.every((point) => {
    const v = point[key];
    return typeof v !== "number" || v <= 0;
  });
}

/**
 * An SVG path for a sparkline over equal slots in a `width`×`height` box: each slot's value at
 * the slot's centre, runs of adjacent values joined, gaps (null) left open, and a lone value as
 * a short flat tick so it stays visible. The y axis runs from 0 to the largest value.
 */
export function sparklinePath(values: (number | null)[], width: number, height: number): string {
  const max = Math.max(0, ...values.filter((v): v is number => v !== null));
  const step = width / Math.max(1, values.length);
  const x = (i: number) => (i + 0.5) * step;
  const y = (v: number) => (max === 0 ? height : height - (v / max) * height);
  const round = (n: number) => Math.round(n * 100) / 100;
  const parts: string[] = [];
  values.forEach((v, i) => {
    if (v === null) return;
    const prev = i > 0 ? values[i - 1] : null;
    const next = i < values.length - 1 ? values[i + 1] : null;
    if (prev === null || prev === undefined) {
      parts.push(`M${round(x(i))} ${round(y(v))}`);
      if (next === null || next === undefined) parts.push(`h${round(Math.max(step * 0.6, 1))}`);
    } else {
      parts.push(`L${round(x(i))} ${round(y(v))}`);
    }
  });
  return parts.join(" ");
}

/** A y axis: the lower bound and the top (a number, or computed from the data's maximum). */
export type AxisDomain = [number, number | ((dataMax: number) => number)];

/** About `count` evenly spaced round values (1, 2, 2.5 or 5 × 10ⁿ apart) from `min` up to at least `max`. */
export function niceTicks(min: number, max: number, count = 4): number[] {
  if (!(max > min)) return [min, min + 1];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const ticks: number[] = [];
  const start = Math.floor(min / step) * step;
  for (let v = start; v < max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks.at(-1)! < max - step * 1e-9) ticks.push(Number((ticks.at(-1)! + step).toPrecision(12)));
  return ticks;
}

const TIME_STEPS = [60_000, 300_000, 900_000, 1_800_000, 3_600_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000, 86_400_000, 2 * 86_400_000, 7 * 86_400_000];

/** At most `count` time ticks on round minutes, hours or days (UTC) between `t0` and `t1`. */
export function timeTicks(t0: number, t1: number, count: number): number[] {
  if (!(t1 > t0)) return [t0];
  const step = TIME_STEPS.find((s) => (t1 - t0) / s <= count) ?? Math.ceil((t1 - t0) / count / 86_400_000) * 86_400_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) ticks.push(t);
  return ticks;
}

/** Running totals for a stack: one array per key (in order), each the sum of the keys up to it; missing values count as 0. */
export function stackValues(data: Record<string, unknown>[], keys: string[]): number[][] {
  const totals = data.map(() => 0);
  return keys.map((key) =>
    data.map((point, i) => {
      const v = point[key];
      totals[i]! += typeof v === "number" && Number.isFinite(v) ? v : 0;
      return totals[i]!;
    }),
  );
}

/** An SVG path through [x, y] points, broken where y is null (no data), a lone point drawn as a short tick. */
export function linePaths(points: [number, number | null][]): string {
  const parts: string[] = [];
  points.forEach(([x, y], i) => {
    if (y === null) return;
    const prev = i > 0 ? points[i - 1]![1] : null;
    const next = i < points.length - 1 ? points[i + 1]![1] : null;
    if (prev === null) {
      parts.push(`M${x.toFixed(1)} ${y.toFixed(1)}`);
      if (next === null) parts.push("h2");
    } else parts.push(`L${x.toFixed(1)} ${y.toFixed(1)}`);
  });
  return parts.join(" ");
}
