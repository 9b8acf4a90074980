"use client";

import { createContext, useContext, type ReactNode } from "react";
import { formatDateTime } from "@/lib/ui/format";
import { formatExact, formatRelative } from "@/lib/ui/relative-time";
import { useNow, useTimeZoneChoice } from "@/lib/ui/time-store";

// The server's clock when it rendered the page: <Time> reads "3 min ago" from it on the server
// and while hydrating, so the HTML already says what the page will say, and hydration changes
// no text (fifty timestamps switching from "01 Dec 2026, 19:19 UTC" to "3 min ago" after
// hydration meant a relayout of the whole table, and a layout shift). The browser's own clock
// takes over once hydrated.
const ServerNowContext = createContext<number | null>(null);

/** Sets the server's render time for every <Time> below it (the console layout). */
export function ServerNow({ now, children }: { now: number; children: ReactNode }) {
  return <ServerNowContext.Provider value={now}>{children}</ServerNowContext.Provider>;
}

/**
 * One timestamp, the way every page shows it: "3 min ago" in a <time datetime>, with the exact
 * time (UTC or the reader's zone, their choice in the user panel) as its tooltip. Until the
 * browser knows what "now" is, the server's render time stands in for it (<ServerNow>), or,
 * outside one, the exact UTC time is shown.
 * `mode="exact"` shows the exact time as the text too (timelines, where order matters).
 */
export function Time({ iso, mode = "relative", className }: { iso: string; mode?: "relative" | "exact"; className?: string }) {
  const serverNow = useContext(ServerNowContext);
  const clock = useNow();
  const now = clock ?? serverNow;
  const zone = useTimeZoneChoice();
  const exact = clock === null ? formatExact(iso, "utc") : formatExact(iso, zone);
  const text = mode === "exact" ? exact : now === null ? formatDateTime(iso) : formatRelative(iso, now);
  return (
    <time dateTime={iso} title={exact} className={className}>
      {text}
    </time>
  );
}
