import { Link } from "@/components/ui/link";
import { cn } from "@/lib/ui/cn";
import { PRESETS, type Preset } from "@/lib/metrics/range";
import { queriesHref, type QueriesSearch, type QueriesTab } from "@/app/(console)/queries/search-params";

const TAB_LABELS: Record<QueriesTab, string> = { recorded: "Recorded slow queries", statements: "pg_stat_statements", activity: "Live activity" };

/** The /queries tabs, and the time range of the recorded view. */
export function QueryTabs({ search }: { search: QueriesSearch }) {
  return (
    <nav aria-label="Query views" className="mb-4 flex flex-wrap items-center justify-between gap-3 border-b">
      <div className="flex gap-1">
        {(Object.keys(TAB_LABELS) as QueriesTab[]).map((tab) => (
          <Link
            key={tab}
            href={queriesHref({ ...search, tab, requestId: tab === "recorded" ? search.requestId : null })}
            aria-current={search.tab === tab ? "page" : undefined}
            className={cn("-mb-px border-b-2 px-3 py-2 text-sm", search.tab === tab ? "border-primary font-medium" : "border-transparent text-muted-foreground hover:text-foreground")}
          >
            {TAB_LABELS[tab]}
          </Link>
        ))}
      </div>
      {search.tab === "recorded" && !search.requestId ? (
        <div className="flex gap-1 pb-1 text-xs" aria-label="Time range">
          {(Object.keys(PRESETS) as Preset[]).map((range) => (
            <Link key={range} href={queriesHref({ ...search, range })} aria-current={search.range === range ? "true" : undefined} className={cn("rounded-md px-2 py-1", search.range === range ? "bg-muted font-medium" : "text-muted-foreground hover:bg-muted")}>
              {range}
            </Link>
          ))}
        </div>
      ) : null}
    </nav>
  );
}
