import { createLoader, parseAsStringLiteral, type inferParserType } from "nuqs/server";
import { createHref, type HrefValues } from "@/lib/search-params/href";
import { PROJECT_SORTS, PROJECT_STATUSES } from "@/lib/projects/schemas";
import { RUN_SORTS } from "@/lib/runs/schemas";
import { parseAsSortDirection } from "@/lib/search-params/sort";
import { RUN_STATUSES } from "@/lib/runs/state-machine";
import { ignoredParams } from "@/lib/search-params/ignored";
import { parseAsPageTrail } from "@/lib/search-params/page-trail";
import { parseAsText } from "@/lib/search-params/text";
import type { SearchParams } from "nuqs/server";

// URL state of the projects pages: every filter and the cursor live in the query string,
// so back, reload and a shared link show the same view. Unknown values fall back to the
// defaults instead of failing the page.

const projectListParsers = {
  q: parseAsText({ trim: true, max: 100 }),
  status: parseAsStringLiteral(PROJECT_STATUSES).withDefault("active"),
  sort: parseAsStringLiteral(Object.keys(PROJECT_SORTS) as (keyof typeof PROJECT_SORTS)[]).withDefault("created"),
  order: parseAsSortDirection,
  cursor: parseAsText(),
  prev: parseAsPageTrail,
};
export type ProjectListSearch = inferParserType<typeof projectListParsers>;

export const loadProjectListSearch = createLoader(projectListParsers);
export const ignoredProjectListParams = (raw: SearchParams) => ignoredParams(raw, projectListParsers);

// The list's links have always named the status, `active` included; the default sort is left out.
const projectsUrl = createHref(projectListParsers, { clearOnDefault: false });
export const projectsHref = (values: HrefValues<typeof projectListParsers>) => projectsUrl("/projects", { ...values, sort: values.sort === "created" ? null : values.sort });

/** Time ranges offered on a project page, in hours; "all" has no lower bound. */
export const RUN_RANGES = { "1h": 1, "24h": 24, "7d": 24 * 7, "30d": 24 * 30, all: null } as const;
export type RunRange = keyof typeof RUN_RANGES;

const runListParsers = {
  status: parseAsStringLiteral(RUN_STATUSES),
  range: parseAsStringLiteral(Object.keys(RUN_RANGES) as RunRange[]).withDefault("all"),
  q: parseAsText({ trim: true, max: 200 }),
  sort: parseAsStringLiteral(Object.keys(RUN_SORTS) as (keyof typeof RUN_SORTS)[]).withDefault("created"),
  order: parseAsSortDirection,
  cursor: parseAsText(),
  prev: parseAsPageTrail,
};
export type RunListSearch = inferParserType<typeof runListParsers>;

export const loadRunListSearch = createLoader(runListParsers);
export const ignoredRunListParams = (raw: SearchParams) => ignoredParams(raw, runListParsers);

const projectUrl = createHref(runListParsers);
/** A project page with these run filters (an "all" range is left out). */
export const projectHref = (slug: string, values: HrefValues<typeof runListParsers>) => projectUrl(`/projects/${slug}`, values);

/** The `since` bound of a range, computed at request time. */
export function sinceFor(range: RunRange, now = Date.now()): string | undefined {
  const hours = RUN_RANGES[range];
  return hours === null ? undefined : new Date(now - hours * 3_600_000).toISOString();
}
