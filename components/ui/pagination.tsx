import { Link } from "@/components/ui/link";
import { buttonClasses } from "@/components/ui/button";
import { formatNumber } from "@/lib/ui/format";
import type { PageLinks, PageStep } from "@/lib/search-params/page-trail";

/**
 * First / Newer / Older for a keyset list, with where the reader is: "Page 3 · runs 101–150".
 * `hrefFor` turns a step into the list's URL (its filters kept); see lib/search-params/page-trail.ts.
 */
/** What the two steps are called: by time, newest first (the default) or oldest first; by anything else, previous and next. */
export type PageLabels = { back: string; forward: string };
export const NEWEST_FIRST: PageLabels = { back: "Newer", forward: "Older" };
export const OLDEST_FIRST: PageLabels = { back: "Older", forward: "Newer" };
export const IN_ORDER: PageLabels = { back: "Previous", forward: "Next" };

/** The labels for a list sorted by `sort` in `direction`: time sorts say which way time runs. */
export const pageLabelsFor = (byTime: boolean, direction: "asc" | "desc"): PageLabels => (!byTime ? IN_ORDER : direction === "asc" ? OLDEST_FIRST : NEWEST_FIRST);

export function Pagination({ links, hrefFor, pageSize, shown, noun, labels = NEWEST_FIRST }: { links: PageLinks; hrefFor: (step: PageStep) => string; pageSize: number; shown: number; noun: string; labels?: PageLabels }) {
  const from = (links.page - 1) * pageSize + 1;
  const button = buttonClasses({ variant: "outline", size: "sm" });
  if (!links.first && !links.older) return null;
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center gap-2">
      {links.first ? (
        <Link href={hrefFor(links.first)} className={button}>
          First
        </Link>
      ) : null}
      {links.newer ? (
        <Link href={hrefFor(links.newer)} className={button} rel="prev">
          ← {labels.back}
        </Link>
      ) : null}
      <span className="text-sm text-muted-foreground tabular-nums" data-testid="page-position">
        Page {formatNumber(links.page)} · {noun} {formatNumber(from)}–{formatNumber(from + shown - 1)}
      </span>
      {links.older ? (
        <Link href={hrefFor(links.older)} className={button} rel="next">
          {labels.forward} →
        </Link>
      ) : null}
    </nav>
  );
}
