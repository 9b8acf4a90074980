import { createLoader, createParser, parseAsStringLiteral, type inferParserType } from "nuqs/server";
import type { AuditFilterKey } from "@/lib/audit/filters";
import { createHref } from "@/lib/search-params/href";
import { parseAsPageTrail } from "@/lib/search-params/page-trail";

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
  cursor: parseAsFilled,
  prev: parseAsPageTrail,
  event: createParser({ parse: (v) => (/^\d{1,15}$/.test(v) ? Number(v) : null), serialize: String }),
};

export const loadAuditSearch = createLoader(auditSearchParsers);

const auditUrl = createHref(auditSearchParsers);

/** /audit with these filters plus the cursor or the open event, so filters survive paging. */
export function auditHref(filter: Partial<AuditFilterParams>, extra: { cursor?: string | null; prev?: string[] | null; event?: number | null } = {}): string {
  return auditUrl("/audit", { ...filter, ...extra });
}

const exportUrl = createHref({ ...auditFilterParsers, format: parseAsStringLiteral(["csv", "ndjson"] as const) });

/** The filtered set as a download from GET /api/v1/audit, which takes the same filter parameters. */
export function auditExportHref(filter: Partial<AuditFilterParams>, format: "csv" | "ndjson"): string {
  return exportUrl("/api/v1/audit", { ...filter, format });
}
