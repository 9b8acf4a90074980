import { parseUtcDate, utcInputValue } from "../ui/format";
import { createLoader, createParser, parseAsStringLiteral, type inferParserType, type LoaderInput } from "nuqs/server";

// A time range lives in the URL: `?range=1h|6h|24h|7d|30d`, or `?from=…&to=…` (ISO dates)
// for a custom range. The parsers are defined once here: /metrics reads all three keys,
// /queries the presets, and the refresh endpoint the keys the page put in its own URL.

export const PRESETS = { "1h": 3600_000, "6h": 6 * 3600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;
export type Preset = keyof typeof PRESETS;
export type ParsedRange = { from: Date; to: Date; preset: Preset | null; label: string; /** Why a custom from/to in the URL was not used. */ rejected?: string };

const MAX_SPAN_MS = 90 * 86_400_000;

export const parseAsPreset = parseAsStringLiteral(Object.keys(PRESETS) as Preset[]);

/** Links send ISO; the custom-range form sends UTC without a zone. */
const parseAsDate = createParser({
  parse: parseUtcDate,
  serialize: (date: Date) => date.toISOString(),
  eq: (a, b) => a.getTime() === b.getTime(),
});

export const rangeParsers = { range: parseAsPreset, from: parseAsDate, to: parseAsDate };
export type RangeParams = inferParserType<typeof rangeParsers>;

const loadRangeParams = createLoader(rangeParsers);

/** A valid custom range (from < to, at most 90 days; `to` defaults to now) wins; else the preset, else 1h. */
export function resolveRange(params: RangeParams, now = new Date()): ParsedRange {
  const from = params.from;
  const to = params.to ?? (from ? now : null);
  if (from && to && from < to && to.getTime() - from.getTime() <= MAX_SPAN_MS) {
    return { from, to, preset: null, label: `${utcInputValue(from)} – ${utcInputValue(to)} UTC` };
  }
  const preset = params.range ?? "1h";
  const rejected = !from && !params.to ? undefined : !from ? "to without from" : to && from >= to ? "from is not before to" : "longer than 90 days";
  return { from: new Date(now.getTime() - PRESETS[preset]), to: now, preset, label: `last ${preset}`, ...(rejected ? { rejected } : {}) };
}

export function parseRange(input: LoaderInput, now = new Date()): ParsedRange {
  return resolveRange(loadRangeParams(input), now);
}

/** The URL values of a range, for a serializer: the preset, or the custom bounds. */
export function rangeParams(range: Pick<ParsedRange, "preset" | "from" | "to">): RangeParams {
  return range.preset ? { range: range.preset, from: null, to: null } : { range: null, from: range.from, to: range.to };
}
