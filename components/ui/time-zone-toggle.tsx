"use client";

import { cx } from "@/lib/ui/cn";
import { TIME_ZONES } from "@/lib/ui/relative-time";
import { setTimeZoneChoice, useTimeZoneChoice } from "@/lib/ui/time-store";

const LABELS = { utc: "UTC", local: "Local" } as const;

/** Whether exact times (tooltips, timelines) read in UTC or in this browser's time zone. */
export function TimeZoneToggle() {
  const zone = useTimeZoneChoice();
  return (
    <div role="group" aria-label="Times shown in" className="inline-flex rounded-md border p-0.5 text-xs">
      {TIME_ZONES.map((z) => (
        <button
          key={z}
          type="button"
          aria-pressed={zone === z}
          onClick={() => setTimeZoneChoice(z)}
          className={cx(
            "rounded-sm px-2 py-1 font-medium transition-colors focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none",
            zone === z ? "bg-accent text-accent-foreground" : "text-muted-foreground hover:text-foreground",
          )}
        >
          {LABELS[z]}
        </button>
      ))}
    </div>
  );
}
