import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { formatNumber } from "@/lib/ui/format";
import type { PageLinks, PageStep } from "@/lib/search-params/page-trail";

/**
 * First / Newer / Older for a keyset list, with where the reader is: "Page 3 · runs 101–150".
 * `hrefFor` turns a step into the list's URL (its filters kept); see lib/search-params/page-trail.ts.
 */
export function Pagination({ links, hrefFor, pageSize, shown, noun }: { links: PageLinks; hrefFor: (step: PageStep) => string; pageSize: number; shown: number; noun: string }) {
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
          ← Newer
        </Link>
      ) : null}
      <span className="text-sm text-muted-foreground tabular-nums" data-testid="page-position">
        Page {formatNumber(links.page)} · {noun} {formatNumber(from)}–{formatNumber(from + shown - 1)}
      </span>
      {links.older ? (
        <Link href={hrefFor(links.older)} className={button} rel="next">
          Older →
        </Link>
      ) : null}
    </nav>
  );
}
