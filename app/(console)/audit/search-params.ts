import { auditFilterSchema, withoutEmpty, type AuditFilter } from "@/lib/audit/filters";

// /audit's URL state: the filters (shared with GET /api/v1/audit), the page cursor and the
// open event. Links rebuild the URL from `filterParams`, so filters survive paging.

export type AuditSearch = {
  filter: AuditFilter | null;
  /** Why the filter was refused, when it was. */
  errors: string[];
  /** The filter parameters as given (groups stay groups), for links and the export. */
  filterParams: URLSearchParams;
  cursor?: string;
  event?: number;
};

const FILTER_KEYS = Object.keys(auditFilterSchema.shape);

export function parseAuditSearch(raw: Record<string, string | string[] | undefined>): AuditSearch {
  const params = withoutEmpty(raw);
  const filterParams = new URLSearchParams(Object.entries(params).filter(([k]) => FILTER_KEYS.includes(k)));
  const parsed = auditFilterSchema.safeParse(Object.fromEntries(filterParams));
  const event = params.event && /^\d{1,15}$/.test(params.event) ? Number(params.event) : undefined;
  return {
    filter: parsed.success ? parsed.data : null,
    errors: parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
    filterParams,
    cursor: params.cursor,
    event,
  };
}

/** /audit with these filters plus extra parameters (cursor, event). */
export function auditHref(filterParams: URLSearchParams, extra: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams(filterParams);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) params.set(k, String(v));
  const query = params.toString();
  return query ? `/audit?${query}` : "/audit";
}
