import { PRESETS, type Preset } from "@/lib/metrics/range";
import { RECORDED_SORTS, type RecordedSort } from "@/lib/queries/recorded";
import { STATEMENT_SORTS, type StatementSort } from "@/lib/queries/pg-stats";

// The page's URL state: tab, time range (the /metrics presets), sort and the request-id
// filter, so every view is a link.

const TABS = ["recorded", "statements", "activity"] as const;
export type QueriesTab = (typeof TABS)[number];

export type QueriesSearch = { tab: QueriesTab; range: Preset; sort: RecordedSort; statementSort: StatementSort; requestId: string | null; route: string | null };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const pick = <T extends string>(allowed: readonly T[], v: string | undefined, fallback: T): T => (allowed.includes(v as T) ? (v as T) : fallback);

export function parseQueriesSearch(raw: Record<string, string | string[] | undefined>): QueriesSearch {
  const requestId = one(raw.requestId);
  const route = one(raw.route);
  return {
    tab: pick(TABS, one(raw.tab), "recorded"),
    range: pick(Object.keys(PRESETS) as Preset[], one(raw.range), "24h"),
    sort: pick(RECORDED_SORTS, one(raw.sort), "total"),
    statementSort: pick(STATEMENT_SORTS, one(raw.ssort), "total"),
    requestId: requestId && /^[\w.:-]{1,128}$/.test(requestId) ? requestId : null,
    route: route && route.length <= 300 ? route : null,
  };
}

/** A link to the same page with some of the state changed (defaults left out of the URL). */
export function queriesHref(current: QueriesSearch, change: Partial<QueriesSearch>): string {
  const next = { ...current, ...change };
  const params = new URLSearchParams();
  if (next.tab !== "recorded") params.set("tab", next.tab);
  if (next.range !== "24h") params.set("range", next.range);
  if (next.sort !== "total") params.set("sort", next.sort);
  if (next.statementSort !== "total") params.set("ssort", next.statementSort);
  if (next.requestId) params.set("requestId", next.requestId);
  if (next.route) params.set("route", next.route);
  const qs = params.toString();
  return qs ? `/queries?${qs}` : "/queries";
}
