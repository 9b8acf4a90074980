import { createLoader, createParser, parseAsStringLiteral, type inferParserType } from "nuqs/server";
import type { AuditFilterKey } from "@/lib/audit/filters";
import { createHref } from "@/lib/search-params/href";
import { parseAsPageTrail } from "@/lib/search-params/page-trail";
import { parseAsSortDirection, type SortDirection } from "@/lib/search-params/sort";
import { ignoredParams } from "@/lib/search-params/ignored";
import type { SearchParams } from "nuqs/server";

// /audit's URL state: the filters (shared with GET /api/v1/audit), the page cursor and the
// open event. nuqs only reads and writes them; auditFilterSchema judges the filters
// (validated-search.ts). No zod here: the filter form, a client component, builds its URL
// from these parsers, and zod would otherwise ship to the browser with it.

/** A blank parameter (a cleared form field) means "no filter"; anything else is kept as given. */
const parseAsFilled = createParser({ parse: (v) => (v.trim() === "" ? null : v), serialize: String });

/** One parameter per filter, in the form's order, which links keep. `satisfies` fails the build when the schema gains a filter. */
export const auditFilterParsers = {
  actor: parseAsFilled,
  actorType: parseAsFilled,
  action: parseAsFilled,
  project: parseAsFilled,
  targetType: parseAsFilled,
  targetId: parseAsFilled,
  since: parseAsFilled,
  until: parseAsFilled,
  q: parseAsFilled,
} satisfies Record<AuditFilterKey, typeof parseAsFilled>;
export type AuditFilterParams = inferParserType<typeof auditFilterParsers>;

const auditSearchParsers = {
  ...auditFilterParsers,
  /** `order=asc`: oldest first; newest first (the default) is left out of links. */
  order: parseAsSortDirection,
  cursor: parseAsFilled,
  prev: parseAsPageTrail,
  event: createParser({ parse: (v) => (/^\d{1,15}$/.test(v) ? Number(v) : null), serialize: String }),
};

export const loadAuditSearch = createLoader(auditSearchParsers);

/** The sort is the page's own (the filters are judged by their schema): a bad `order=` is named in the URL notice. */
export const ignoredAuditSortParams = (raw: SearchParams) => ignoredParams(raw, { order: auditSearchParsers.order });
/** `event=` that is not an event number (a sequence number that does not exist is the detail panel's "not found"). */
export const ignoredAuditEventParam = (raw: SearchParams) => ignoredParams(raw, { event: auditSearchParsers.event });

const auditUrl = createHref(auditSearchParsers);

/** /audit with these filters plus the cursor or the open event, so filters survive paging. */
export function auditHref(filter: Partial<AuditFilterParams>, extra: { order?: SortDirection | null; cursor?: string | null; prev?: string[] | null; event?: number | null } = {}): string {
  return auditUrl("/audit", { ...filter, ...extra, order: extra.order === "desc" ? null : extra.order });
}

const exportUrl = createHref({ ...auditFilterParsers, order: parseAsSortDirection, format: parseAsStringLiteral(["csv", "ndjson"] as const) });

/** The filtered set, in the list's order, as a download from GET /api/v1/audit, which takes the same filter parameters. */
export function auditExportHref(filter: Partial<AuditFilterParams>, format: "csv" | "ndjson", order: SortDirection | null = null): string {
  return exportUrl("/api/v1/audit", { ...filter, order: order === "desc" ? null : order, format });
}
