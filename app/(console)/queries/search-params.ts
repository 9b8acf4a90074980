import { createLoader, createParser, parseAsStringLiteral, type inferParserType } from "nuqs/server";
import { parseAsPreset } from "@/lib/metrics/range";
import { createHref, type HrefValues } from "@/lib/search-params/href";
import { RECORDED_SORTS } from "@/lib/queries/recorded";
import { STATEMENT_SORTS } from "@/lib/queries/pg-stats";

// The page's URL state: tab, time range (the /metrics presets), sort and the request-id
// filter, so every view is a link. Links leave defaults out.

const TABS = ["recorded", "statements", "activity"] as const;
export type QueriesTab = (typeof TABS)[number];

const queriesParsers = {
  tab: parseAsStringLiteral(TABS).withDefault("recorded"),
  range: parseAsPreset.withDefault("24h"),
  sort: parseAsStringLiteral(RECORDED_SORTS).withDefault("total"),
  statementSort: parseAsStringLiteral(STATEMENT_SORTS).withDefault("total"),
  // Not shaped like a request id: ignored rather than looked up.
  requestId: createParser({ parse: (v) => (/^[\w.:-]{1,128}$/.test(v) ? v : null), serialize: String }),
  // Longer than any route template: ignored, not cut.
  route: createParser({ parse: (v) => (v.length <= 300 ? v || null : null), serialize: String }),
};
const urlKeys = { statementSort: "ssort" };

export type QueriesSearch = inferParserType<typeof queriesParsers>;

export const loadQueriesSearch = createLoader(queriesParsers, { urlKeys });

const queriesUrl = createHref(queriesParsers, { urlKeys });

/** A link to /queries: pass the current state with what changes (`{ ...search, sort }`). */
export const queriesHref = (values: HrefValues<typeof queriesParsers>) => queriesUrl("/queries", values);
