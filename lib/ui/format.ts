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

/** 93_784 → "1d 2h 3m"; under a minute → "42s". */
export function formatDuration(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 60) return `${s}s`;
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  return [d && `${d}d`, (d || h) && `${h}h`, `${m}m`].filter(Boolean).join(" ");
}
