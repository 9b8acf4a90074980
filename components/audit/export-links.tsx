import { auditExportHref, type AuditFilterParams } from "@/app/(console)/audit/search-params";
import { buttonClasses } from "@/components/ui/button";

/** Downloads exactly the filtered set (every page of it) from GET /api/v1/audit, signed in by the session. */
export function ExportLinks({ filter }: { filter: AuditFilterParams }) {
  return (
    <>
      <a href={auditExportHref(filter, "csv")} download className={buttonClasses({ variant: "outline" })}>
        Export CSV
      </a>
      <a href={auditExportHref(filter, "ndjson")} download className={buttonClasses({ variant: "ghost" })}>
        NDJSON
      </a>
    </>
  );
}
