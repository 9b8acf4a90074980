import { Link } from "@/components/ui/link";
import { metricsHref } from "@/app/(console)/metrics/search-params";
import { buttonClasses } from "@/components/ui/button";
import { FilterForm } from "@/components/ui/filter-form";
import { Input, Label } from "@/components/ui/input";
import { PRESETS, type ParsedRange, type Preset } from "@/lib/metrics/range";

/** Presets are links and the custom range a GET form: the range is always in the URL. */
export function RangePicker({ range, route }: { range: ParsedRange; route: string | null }) {
  // Typed and shown as "2026-12-01 18:51" (UTC), the order and zone the charts use.
  const local = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ");
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
          <Input id="range-from" name="from" type="text" pattern="\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}" placeholder="YYYY-MM-DD HH:MM" title="UTC, as YYYY-MM-DD HH:MM" defaultValue={local(range.from)} className="w-44 font-mono tabular-nums" />
        </div>
        <div className="flex min-w-0 flex-col gap-1">
          <Label htmlFor="range-to">To (UTC)</Label>
          <Input id="range-to" name="to" type="text" pattern="\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}" placeholder="YYYY-MM-DD HH:MM" title="UTC, as YYYY-MM-DD HH:MM" defaultValue={local(range.to)} className="w-44 font-mono tabular-nums" />
        </div>
        <button type="submit" className={buttonClasses({ size: "sm", variant: "secondary" })}>
          Apply
        </button>
      </FilterForm>
    </div>
  );
}
