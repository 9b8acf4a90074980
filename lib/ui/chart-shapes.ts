// Pure chart geometry and axes, kept out of components so the rules are unit-tested
// (tests/chart-shapes.test.ts).

/**
 * The top of a ratio axis (0..1 values shown as %): a little above the highest value, never
 * above 100 %, and 1 % when nothing happened, so a quiet range reads 0–1 %, not recharts'
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
