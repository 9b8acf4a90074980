"use client";

import { formatDateTime } from "@/lib/ui/format";
import { formatExact, formatRelative } from "@/lib/ui/relative-time";
import { useNow, useTimeZoneChoice } from "@/lib/ui/time-store";

/**
 * One timestamp, the way every page shows it: "3 min ago" in a <time datetime>, with the exact
 * time (UTC or the reader's zone, their choice in the user panel) as its tooltip. The server
 * renders the exact UTC time, which stays until the browser knows what "now" is.
 * `mode="exact"` shows the exact time as the text too (timelines, where order matters).
 */
export function Time({ iso, mode = "relative", className, fallback }: { iso: string; mode?: "relative" | "exact"; className?: string; /** The text before the browser knows "now", when the caller knows better than the exact time (a page's own render time is "just now"). */ fallback?: string }) {
  const now = useNow();
  const zone = useTimeZoneChoice();
  const exact = now === null ? formatExact(iso, "utc") : formatExact(iso, zone);
  const text = now === null ? (fallback ?? formatDateTime(iso)) : mode === "relative" ? formatRelative(iso, now) : exact;
  return (
    <time dateTime={iso} title={exact} className={className}>
      {text}
    </time>
  );
}
