// Server-side formatting with fixed locale and time zone, so the HTML does not depend on
// where the server runs and never mismatches on hydration. UTC times are put together by
// hand: building an Intl.DateTimeFormat costs a phone about 25 ms, and these modules load on
// every page (<Time> uses them while hydrating).

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/** "23 Nov 2025, 09:15" (or "…, 09:15:07" with seconds), in UTC. */
export function utcStamp(date: Date, seconds = false): string {
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}${seconds ? `:${pad(date.getUTCSeconds())}` : ""}`;
  return `${pad(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${time}`;
}

/** A date as the console's time fields show and take it: "2026-12-01 18:51", UTC. */
export function utcInputValue(date: Date): string {
  return date.toISOString().slice(0, 16).replace("T", " ");
}

/** A typed time with no zone ("2026-12-01 18:51", as the time fields take it) is UTC; ISO with a zone is read as given. */
export function parseUtcDate(value: string): Date | null {
  const text = value.trim();
  const zoneless = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text);
  const date = new Date(zoneless ? `${text.replace(" ", "T")}Z` : text);
  return Number.isNaN(date.getTime()) ? null : date;
}

let number: Intl.NumberFormat | undefined;

export function formatNumber(n: number): string {
  number ??= new Intl.NumberFormat("en-US");
  return number.format(n);
}

/** "23 Nov 2025, 09:15 UTC" */
export function formatDateTime(iso: string): string {
  return `${utcStamp(new Date(iso))} UTC`;
}

/** 1536 → "1.5 KB" (binary units, one decimal). */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/**
 * A latency in milliseconds: 1_530 → "1.53 s", 34.72 → "34.7 ms", and under a millisecond
 * two significant digits (0.0041 → "0.0041 ms"), so a fast query never reads "0 ms".
 */
export function formatMillis(n: number | null): string {
  if (n === null) return "—";
  if (n >= 1000) return `${(n / 1000).toLocaleString("en-US", { maximumFractionDigits: 2 })} s`;
  if (n > 0 && n < 1) return `${n.toLocaleString("en-US", { maximumSignificantDigits: 2 })} ms`;
  return `${n.toLocaleString("en-US", { maximumFractionDigits: 1 })} ms`;
}

/** 93_784 → "1d 2h 3m"; under a minute → "42s". */
export function formatDuration(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 60) return `${s}s`;
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  return [d && `${d}d`, (d || h) && `${h}h`, `${m}m`].filter(Boolean).join(" ");
}
