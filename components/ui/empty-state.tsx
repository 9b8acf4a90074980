import type { ReactNode } from "react";
import { cn } from "@/lib/ui/cn";

/** What a card or page shows when there is nothing yet: say so, and say what would fill it. */
export function EmptyState({ title, description, action, className }: { title: string; description?: ReactNode; action?: ReactNode; className?: string }) {
  return (
    <div className={cn("flex flex-col items-center justify-center gap-1 rounded-md border border-dashed px-4 py-8 text-center", className)}>
      <p className="text-sm font-medium">{title}</p>
      {description ? <p className="max-w-sm text-sm text-muted-foreground">{description}</p> : null}
      {action ? <div className="mt-3">{action}</div> : null}
    </div>
  );
}
