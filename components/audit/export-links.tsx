import { auditExportHref, type AuditFilterParams } from "@/app/(console)/audit/search-params";
import { buttonClasses } from "@/components/ui/button";
import type { SortDirection } from "@/lib/search-params/sort";

/** Downloads exactly the filtered set (every page of it, in the list's order) from GET /api/v1/audit, signed in by the session. */
export function ExportLinks({ filter, order }: { filter: AuditFilterParams; order: SortDirection | null }) {
  return (
    <>
      <a href={auditExportHref(filter, "csv", order)} download className={buttonClasses({ variant: "outline" })}>
        Export CSV
      </a>
      <a href={auditExportHref(filter, "ndjson", order)} download className={buttonClasses({ variant: "ghost" })}>
        NDJSON
      </a>
    </>
  );
}
