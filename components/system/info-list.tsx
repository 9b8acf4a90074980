import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";

export type InfoRow = { label: string; value: ReactNode };

/** Label/value pairs as a description list, so screen readers pair them too. */
export function InfoList({ rows }: { rows: InfoRow[] }) {
  return (
    <dl className="grid grid-cols-[minmax(8rem,auto)_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
      {rows.map((row) => (
        <div key={row.label} className="contents">
          <dt className="text-muted-foreground">{row.label}</dt>
          <dd className="min-w-0 break-words">{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** yes/no as a badge; `null` reads as "unknown" (e.g. a setting the database role may not read). */
export function YesNo({ value, yes = "yes", no = "no" }: { value: boolean | null; yes?: string; no?: string }) {
  if (value === null) return <Badge tone="neutral">unknown</Badge>;
  return <Badge tone={value ? "success" : "neutral"}>{value ? yes : no}</Badge>;
}

export function NotConfigured() {
  return <span className="text-muted-foreground">not configured</span>;
}
