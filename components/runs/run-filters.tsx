import { Link } from "@/components/ui/link";
import { Button, buttonClasses } from "@/components/ui/button";
import { FilterForm } from "@/components/ui/filter-form";
import { Input, Label } from "@/components/ui/input";
import { SortFields } from "@/components/ui/sort-head";
import { projectHref, RUN_RANGES, type RunListSearch, type RunRange } from "@/app/(console)/projects/search-params";
import { RUN_STATUSES } from "@/lib/runs/state-machine";

const RANGE_LABELS: Record<RunRange, string> = { "1h": "Last hour", "24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days", all: "Any time" };
const selectClass = "h-9 rounded-md border border-input bg-background px-3 text-sm";

/** A plain GET form: status, time range and text become the URL (a new filter starts at the newest page). */
export function RunFilters({ slug, filters }: { slug: string; filters: Pick<RunListSearch, "status" | "range" | "q" | "sort" | "order"> }) {
  const filtered = filters.status || filters.q || filters.range !== "all";
  return (
    <FilterForm values={filters} action={projectHref(slug, {})} role="search" aria-label="Filter runs" className="mb-4 flex flex-wrap items-end gap-3">
      <div className="flex min-w-56 flex-1 flex-col gap-1">
        <Label htmlFor="run-q">Search</Label>
        <Input id="run-q" name="q" type="search" defaultValue={filters.q ?? undefined} placeholder="Run name or exact external id" />
      </div>
      <div className="flex min-w-0 flex-col gap-1">
        <Label htmlFor="run-status">Status</Label>
        <select id="run-status" name="status" defaultValue={filters.status ?? ""} className={selectClass}>
          <option value="">Any status</option>
          {RUN_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="flex min-w-0 flex-col gap-1">
        <Label htmlFor="run-range">Created</Label>
        <select id="run-range" name="range" defaultValue={filters.range} className={selectClass}>
          {(Object.keys(RUN_RANGES) as RunRange[]).map((r) => (
            <option key={r} value={r}>
              {RANGE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      <SortFields sort={filters.sort} order={filters.order} defaultSort="created" />
      <Button type="submit" variant="secondary">
        Apply
      </Button>
      {filtered ? (
        <Link href={projectHref(slug, {})} className={buttonClasses({ variant: "ghost" })}>
          Clear
        </Link>
      ) : null}
    </FilterForm>
  );
}
