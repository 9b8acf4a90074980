import { cn } from "@/lib/ui/cn";

/** A panel's placeholder while its Suspense boundary waits: one pulsing box saying what loads. */
export function PanelSkeleton({ label, className }: { label: string; className?: string }) {
  return (
    <div role="status" className={cn("h-40 animate-pulse rounded-lg border bg-muted/40 p-5 text-sm text-muted-foreground", className)}>
      {label}
    </div>
  );
}

/** A list's placeholder: `rows` pulsing bars, named for screen readers. */
export function RowsSkeleton({ label, rows, rowClassName, className }: { label: string; rows: number; rowClassName: string; className?: string }) {
  return (
    <div aria-busy="true" className={cn("flex flex-col gap-2", className)}>
      <span className="sr-only">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className={cn("animate-pulse", rowClassName)} />
      ))}
    </div>
  );
}
