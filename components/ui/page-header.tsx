import type { ReactNode } from "react";
import { cn } from "@/lib/ui/cn";

/** The page's one h1, an optional verdict line under it, and actions on the right. */
export function PageHeader({ title, description, actions, className }: { title: string; description?: ReactNode; actions?: ReactNode; className?: string }) {
  return (
    <header className={cn("mb-6 flex flex-wrap items-end justify-between gap-4", className)}>
      {/* min-w-0 and wrap-anywhere: a long name without spaces (a project, a run) wraps instead of widening the page. */}
      <div className="flex min-w-0 flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight wrap-anywhere">{title}</h1>
        {description ? <p className="text-sm text-muted-foreground wrap-anywhere">{description}</p> : null}
      </div>
      {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
    </header>
  );
}
