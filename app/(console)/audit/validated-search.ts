import type { SearchParams } from "nuqs/server";
import { checkAuditFilter, type AuditFilter } from "@/lib/audit/filters";
import { loadAuditSearch, type AuditFilterParams } from "./search-params";

// The page's URL state, its filters checked by the zod schema GET /api/v1/audit uses, so a
// bad filter gets the same messages in both. Server-side: it is where zod comes in.

export type AuditSearch = {
  filter: AuditFilter | null;
  /** Why the filter was refused, when it was. */
  errors: string[];
  /** The filter parameters as given, for links, the form and the export. */
  filterParams: AuditFilterParams;
  /** Newest first unless `order=asc`. */
  order: "asc" | "desc";
  cursor: string | null;
  /** The cursors that led to this page (lib/search-params/page-trail.ts). */
  prev: string[] | null;
  event: number | null;
};

export function parseAuditSearch(raw: SearchParams): AuditSearch {
  const { order, cursor, prev, event, ...filterParams } = loadAuditSearch(raw);
  return { ...checkAuditFilter(filterParams), filterParams, order: order ?? "desc", cursor, prev, event };
}
