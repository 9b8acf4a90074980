import { Link } from "@/components/ui/link";
import type { ReactNode } from "react";
import { TableHead } from "@/components/ui/table";
import { cn } from "@/lib/ui/cn";
import type { SortState } from "@/lib/search-params/sort";

/**
 * A column header that sorts its table: a link (so sorting works without JavaScript and is
 * shareable), `aria-sort` on the `<th>` for the active column. `href(key)` is the URL a click
 * leads to, usually built with sortLink (lib/search-params/sort.ts): the active column toggles.
 */
export function SortHead<K extends string>({ label, sortKey, sort, href, className }: { label: ReactNode; sortKey: K; sort: SortState<K>; href: (key: K) => string; className?: string }) {
  const on = sortKey === sort.key;
  const ariaSort = on ? (sort.direction === "asc" ? "ascending" : "descending") : "none";
  return (
    <TableHead aria-sort={ariaSort} className={className} data-sort-key={sortKey}>
      {/* Not prefetched: every header of every list would render its page on the server in advance. */}
      <Link href={href(sortKey)} className={cn("hover:underline", on && "font-semibold text-foreground")} scroll={false} prefetch={false}>
        {label}
        {/* Part of the name, as the headers have always been read ("p95 ↓"); aria-sort says it too. */}
        {on ? (sort.direction === "asc" ? " ↑" : " ↓") : ""}
      </Link>
    </TableHead>
  );
}

/** The sort a filter form keeps when applied: hidden fields for what the URL says (nothing for the default). */
export function SortFields({ sort, order, defaultSort }: { sort: string; order: string | null; defaultSort: string }) {
  return (
    <>
      {sort !== defaultSort ? <input type="hidden" name="sort" value={sort} /> : null}
      {order ? <input type="hidden" name="order" value={order} /> : null}
    </>
  );
}
