import { z } from "zod";

// URL state of the projects pages: every filter and the cursor live in the query string,
// so back, reload and a shared link show the same view. Unknown values fall back to the
// defaults instead of failing the page.

export type RawSearchParams = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export const PROJECT_STATUSES = ["active", "archived", "all"] as const;

export function parseProjectListParams(raw: RawSearchParams) {
  const q = one(raw.q)?.trim().slice(0, 100) || undefined;
  const status = z.enum(PROJECT_STATUSES).catch("active").parse(one(raw.status) ?? "active");
  return { q, status, cursor: one(raw.cursor) };
}

export const RUN_STATUS_FILTERS = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
/** Time ranges offered on a project page, in hours; "all" has no lower bound. */
export const RUN_RANGES = { "1h": 1, "24h": 24, "7d": 24 * 7, "30d": 24 * 30, all: null } as const;
export type RunRange = keyof typeof RUN_RANGES;

export function parseRunListParams(raw: RawSearchParams) {
  const status = z.enum(RUN_STATUS_FILTERS).optional().catch(undefined).parse(one(raw.status));
  const range = z.enum(Object.keys(RUN_RANGES) as [RunRange, ...RunRange[]]).catch("all").parse(one(raw.range) ?? "all");
  const q = one(raw.q)?.trim().slice(0, 200) || undefined;
  return { status, range, q, cursor: one(raw.cursor) };
}

/** The `since` bound of a range, computed at request time. */
export function sinceFor(range: RunRange, now = Date.now()): string | undefined {
  const hours = RUN_RANGES[range];
  return hours === null ? undefined : new Date(now - hours * 3_600_000).toISOString();
}

/** A query string from the non-empty entries, for links that keep the other filters. */
export function queryString(params: Record<string, string | undefined>): string {
  const s = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();
  return s ? `?${s}` : "";
}
