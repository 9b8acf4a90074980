import { SORT_KEYS, type SortKey } from "@/components/metrics/route-table";
import { parseRange, type ParsedRange } from "@/lib/metrics/range";

// The page's URL state: time range, route view and the route table's sort, so every view is a link.

export type MetricsSearch = { range: ParsedRange; route: string | undefined; sort: SortKey; dir: "asc" | "desc" };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function parseMetricsSearch(raw: Record<string, string | string[] | undefined>): MetricsSearch {
  const sort = one(raw.sort);
  return {
    range: parseRange({ range: one(raw.range), from: one(raw.from), to: one(raw.to) }),
    route: one(raw.route)?.slice(0, 300) || undefined,
    sort: SORT_KEYS.includes(sort as SortKey) ? (sort as SortKey) : "rate",
    dir: one(raw.dir) === "asc" ? "asc" : "desc",
  };
}
