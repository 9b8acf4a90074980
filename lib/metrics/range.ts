// The /metrics time range lives in the URL: `?range=1h|6h|24h|7d|30d`, or `?from=…&to=…`
// (ISO dates) for a custom range. Pure, so the page, the refresh endpoint and tests agree.

export const PRESETS = { "1h": 3600_000, "6h": 6 * 3600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;
export type Preset = keyof typeof PRESETS;
export type ParsedRange = { from: Date; to: Date; preset: Preset | null; label: string };

const MAX_SPAN_MS = 90 * 86_400_000;

function parseDate(v: string | undefined): Date | null {
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function parseRange(params: { range?: string; from?: string; to?: string }, now = new Date()): ParsedRange {
  const from = parseDate(params.from);
  const to = parseDate(params.to) ?? (from ? now : null);
  if (from && to && from < to && to.getTime() - from.getTime() <= MAX_SPAN_MS) {
    return { from, to, preset: null, label: `${from.toISOString().slice(0, 16).replace("T", " ")} – ${to.toISOString().slice(0, 16).replace("T", " ")} UTC` };
  }
  const preset: Preset = params.range && params.range in PRESETS ? (params.range as Preset) : "1h";
  return { from: new Date(now.getTime() - PRESETS[preset]), to: now, preset, label: `last ${preset}` };
}

/** The query string of a range (and any extra params), for links and the refresh endpoint. */
export function rangeQuery(range: Pick<ParsedRange, "preset" | "from" | "to">, extra: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  if (range.preset) q.set("range", range.preset);
  else {
    q.set("from", range.from.toISOString());
    q.set("to", range.to.toISOString());
  }
  for (const [k, v] of Object.entries(extra)) if (v) q.set(k, v);
  return q.toString();
}
