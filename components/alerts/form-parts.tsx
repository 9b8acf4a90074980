import type { ReactNode } from "react";
import { Label } from "@/components/ui/input";

/** A labelled control in the alerting forms' grids. */
export function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <Label htmlFor={id}>{label}</Label>
      {children}
    </div>
  );
}

/** What the schema (or the server) refused, one line per field, announced when it appears. */
export function ErrorSummary({ title, errors }: { title: string; errors: string[] }) {
  if (errors.length === 0) return null;
  return (
    <div role="alert" className="rounded-md border border-destructive px-3 py-2 text-sm text-destructive">
      <p className="font-medium">{title}</p>
      <ul className="list-disc pl-5">
        {errors.map((err) => (
          <li key={err}>{err}</li>
        ))}
      </ul>
    </div>
  );
}
