import { createLoader, parseAsStringLiteral, type inferParserType, type SearchParams } from "nuqs/server";
import { SORT_KEYS } from "@/components/metrics/route-table";
import { rangeParams, rangeParsers, resolveRange, type ParsedRange } from "@/lib/metrics/range";
import { createHref, type HrefValues } from "@/lib/search-params/href";
import { ignoredParams, type IgnoredParam } from "@/lib/search-params/ignored";
import { parseAsText } from "@/lib/search-params/text";

// The page's URL state: time range, route view and the route table's sort, so every view is a link.

const metricsParsers = {
  ...rangeParsers,
  sort: parseAsStringLiteral(SORT_KEYS).withDefault("rate"),
  dir: parseAsStringLiteral(["asc", "desc"] as const).withDefault("desc"),
  route: parseAsText({ max: 300 }),
};

export type MetricsParams = inferParserType<typeof metricsParsers>;
export type MetricsSearch = Pick<MetricsParams, "sort" | "dir" | "route"> & { range: ParsedRange; ignored: IgnoredParam[] };

const loadMetricsParams = createLoader(metricsParsers);

export function parseMetricsSearch(raw: SearchParams, now = new Date()): MetricsSearch {
  const { sort, dir, route, ...range } = loadMetricsParams(raw);
  const resolved = resolveRange(range, now);
  const ignored = ignoredParams(raw, metricsParsers);
  if (resolved.rejected) ignored.push({ key: "from/to", value: [raw.from, raw.to].flat().filter(Boolean).join(" – "), reason: resolved.rejected });
  return { range: resolved, route, sort, dir, ignored };
}

// /metrics links have always spelled out the preset, sort and dir, defaults included.
const metricsUrl = createHref(metricsParsers, { clearOnDefault: false });

export const metricsHref = (values: HrefValues<typeof metricsParsers>) => metricsUrl("/metrics", values);

/** The auto-refresh asks for what the page rendered: the same range and route. */
export const metricsHistoryHref = (search: MetricsSearch) => metricsUrl("/api/metrics/history", { ...rangeParams(search.range), route: search.route });
