import { createLoader, createParser, parseAsStringLiteral, type inferParserType, type SearchParams } from "nuqs/server";
import { ignoredParams } from "@/lib/search-params/ignored";
import { parseAsPreset } from "@/lib/metrics/range";
import { createHref, type HrefValues } from "@/lib/search-params/href";
import { RECORDED_SORTS } from "@/lib/queries/recorded";
import { STATEMENT_SORTS } from "@/lib/queries/pg-stats";
import { parseAsSortDirection, type SortColumns } from "@/lib/search-params/sort";

// The page's URL state: tab, time range (the /metrics presets), sort (column and order) and the
// request-id filter, so every view is a link. Links leave defaults out: every column sorts
// largest first until its header is clicked again (`order=asc`).

const TABS = ["recorded", "statements", "activity"] as const;
export type QueriesTab = (typeof TABS)[number];

const queriesParsers = {
  tab: parseAsStringLiteral(TABS).withDefault("recorded"),
  range: parseAsPreset.withDefault("24h"),
  sort: parseAsStringLiteral(RECORDED_SORTS).withDefault("total"),
  order: parseAsSortDirection,
  statementSort: parseAsStringLiteral(STATEMENT_SORTS).withDefault("total"),
  statementOrder: parseAsSortDirection,
  // Not shaped like a request id: ignored rather than looked up.
  requestId: createParser({ parse: (v) => (/^[\w.:-]{1,128}$/.test(v) ? v : null), serialize: String }),
  // Longer than any route template: ignored, not cut.
  route: createParser({ parse: (v) => (v.length <= 300 ? v || null : null), serialize: String }),
};
const urlKeys = { statementSort: "ssort", statementOrder: "sorder" };

/** Both tables' columns start largest first. */
export const RECORDED_COLUMNS: SortColumns<(typeof RECORDED_SORTS)[number]> = { total: "desc", mean: "desc", calls: "desc", max: "desc", p95: "desc", last: "desc" };
export const STATEMENT_COLUMNS: SortColumns<(typeof STATEMENT_SORTS)[number]> = { total: "desc", mean: "desc", calls: "desc" };

export type QueriesSearch = inferParserType<typeof queriesParsers>;

export const loadQueriesSearch = createLoader(queriesParsers, { urlKeys });

/** The values the page could not use, by the names they have in the URL. */
export const ignoredQueriesParams = (raw: SearchParams) => {
  const { statementSort, statementOrder, ...rest } = queriesParsers;
  return ignoredParams(raw, { ...rest, [urlKeys.statementSort]: statementSort, [urlKeys.statementOrder]: statementOrder });
};

const queriesUrl = createHref(queriesParsers, { urlKeys });

/** A link to /queries: pass the current state with what changes (`{ ...search, sort }`). */
export const queriesHref = (values: HrefValues<typeof queriesParsers>) => queriesUrl("/queries", values);
