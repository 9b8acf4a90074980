import { buttonClasses } from "@/components/ui/button";

/** Downloads exactly the filtered set (every page of it) from GET /api/v1/audit, signed in by the session. */
export function ExportLinks({ filterParams }: { filterParams: string | null }) {
  if (filterParams === null) return null;
  const href = (format: "csv" | "ndjson") => `/api/v1/audit?${new URLSearchParams([...new URLSearchParams(filterParams), ["format", format]]).toString()}`;
  return (
    <>
      <a href={href("csv")} download className={buttonClasses({ variant: "outline" })}>
        Export CSV
      </a>
      <a href={href("ndjson")} download className={buttonClasses({ variant: "ghost" })}>
        NDJSON
      </a>
    </>
  );
}
