import type { SlotState } from "@/lib/monitors/queries";
import { cn } from "@/lib/ui/cn";

const FILL: Record<SlotState, string> = { up: "bg-success", down: "bg-danger", unknown: "bg-muted" };

/** One bar per 30 minutes over 24 h: green all checks passed, red any failed, grey no checks (unknown). */
export function StatusBar({ slots }: { slots: { start: string; state: SlotState }[] }) {
  const counts = slots.reduce<Record<SlotState, number>>((a, s) => ({ ...a, [s.state]: a[s.state] + 1 }), { up: 0, down: 0, unknown: 0 });
  return (
    <div role="img" aria-label={`Last 24 hours: ${counts.up} periods up, ${counts.down} with failures, ${counts.unknown} without data`} className="flex h-6 gap-px">
      {slots.map((s) => (
        <span key={s.start} data-state={s.state} title={`${s.start.slice(0, 16).replace("T", " ")} UTC: ${s.state}`} className={cn("flex-1 rounded-[2px]", FILL[s.state])} />
      ))}
    </div>
  );
}
