import type { HTMLAttributes } from "react";
import type { RunStatus } from "@/lib/db/schema";
import { cn } from "@/lib/ui/cn";

export type BadgeTone = "neutral" | "info" | "success" | "warning" | "danger" | "outline";

const TONES: Record<BadgeTone, string> = {
  neutral: "bg-neutral-soft text-neutral-soft-foreground",
  info: "bg-info-soft text-info-soft-foreground",
  success: "bg-success-soft text-success-soft-foreground",
  warning: "bg-warning-soft text-warning-soft-foreground",
  danger: "bg-danger-soft text-danger-soft-foreground",
  outline: "border text-foreground",
};

/** queued grey, running blue, succeeded green, failed red, cancelled amber. */
export const RUN_STATUS_TONE: Record<RunStatus, Exclude<BadgeTone, "outline">> = {
  queued: "neutral",
  running: "info",
  succeeded: "success",
  failed: "danger",
  cancelled: "warning",
};

/** Solid fill per tone, for bars and dots that sit beside a badge. */
export const TONE_FILL: Record<Exclude<BadgeTone, "outline">, string> = {
  neutral: "bg-neutral",
  info: "bg-info",
  success: "bg-success",
  warning: "bg-warning",
  danger: "bg-danger",
};

export function Badge({ tone = "neutral", className, ...props }: HTMLAttributes<HTMLSpanElement> & { tone?: BadgeTone }) {
  return (
    <span
      className={cn("inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap", TONES[tone], className)}
      {...props}
    />
  );
}

export function RunStatusBadge({ status, className }: { status: RunStatus; className?: string }) {
  return (
    <Badge tone={RUN_STATUS_TONE[status]} className={className}>
      {status}
    </Badge>
  );
}
