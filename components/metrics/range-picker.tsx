import { Link } from "@/components/ui/link";
import { metricsHref } from "@/app/(console)/metrics/search-params";
import { buttonClasses } from "@/components/ui/button";
import { FilterForm } from "@/components/ui/filter-form";
import { Label, UtcDateTimeInput } from "@/components/ui/input";
import { PRESETS, type ParsedRange, type Preset } from "@/lib/metrics/range";

/** Presets are links and the custom range a GET form: the range is always in the URL. */
export function RangePicker({ range, route }: { range: ParsedRange; route: string | null }) {
  return (
    <div className="flex flex-wrap items-end gap-4">
      <nav aria-label="Time range" className="flex gap-1">
        {(Object.keys(PRESETS) as Preset[]).map((p) => (
          <Link key={p} href={metricsHref({ range: p, route })} aria-current={range.preset === p ? "page" : undefined} className={buttonClasses({ size: "sm", variant: range.preset === p ? "default" : "outline" })}>
            {p}
          </Link>
        ))}
      </nav>
      <FilterForm values={{ preset: range.preset, from: range.preset ? null : range.from.toISOString(), to: range.preset ? null : range.to.toISOString(), route }} action={metricsHref({})} className="flex flex-wrap items-end gap-2">
        {route ? <input type="hidden" name="route" value={route} /> : null}
        <div className="flex min-w-0 flex-col gap-1">
          <Label htmlFor="range-from">From (UTC)</Label>
          <UtcDateTimeInput id="range-from" name="from" value={range.from} className="w-44" />
        </div>
        <div className="flex min-w-0 flex-col gap-1">
          <Label htmlFor="range-to">To (UTC)</Label>
          <UtcDateTimeInput id="range-to" name="to" value={range.to} className="w-44" />
        </div>
        <button type="submit" className={buttonClasses({ size: "sm", variant: "secondary" })}>
          Apply
        </button>
      </FilterForm>
    </div>
  );
}
