import { utcStamp } from "./format";

// Relative times as people read them ("3 min ago", "in 2 h", "yesterday" is left to the exact
// tooltip). Pure, so the rounding rules are tested once (tests/relative-time.test.ts).

const UNITS: [limitSeconds: number, unitSeconds: number, unit: string][] = [
  [60, 1, "s"],
  [3_600, 60, "min"],
  [86_400, 3_600, "h"],
  [30 * 86_400, 86_400, "d"],
  [365 * 86_400, 30 * 86_400, "mo"],
  [Infinity, 365 * 86_400, "y"],
];

/** "just now" under 10 s, else "42 s ago" / "3 min ago" / "in 5 h": the largest unit that fits, floored. */
export function formatRelative(iso: string, now: number): string {
  const diff = (now - Date.parse(iso)) / 1000;
  const abs = Math.abs(diff);
  if (abs < 10) return "just now";
  const [, size, unit] = UNITS.find(([limit]) => abs < limit)!;
  const n = Math.floor(abs / size);
  return diff >= 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
}

export const TIME_ZONES = ["utc", "local"] as const;
export type TimeZoneChoice = (typeof TIME_ZONES)[number];

const localFormats = new Map<string, Intl.DateTimeFormat>();

/** The exact time, to the second: "01 Dec 2026, 19:19:07 UTC", or in the browser's own zone with its name. */
export function formatExact(iso: string, zone: TimeZoneChoice, localZone?: string): string {
  const date = new Date(iso);
  if (zone === "utc") return `${utcStamp(date, true)} UTC`;
  // Built once per zone, on first use: only readers who chose local time pay for Intl.
  const key = localZone ?? "";
  let local = localFormats.get(key);
  if (!local) {
    local = new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "short", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone: localZone, timeZoneName: "short" });
    localFormats.set(key, local);
  }
  return local.format(date);
}
