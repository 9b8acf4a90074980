import type { HTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "@/lib/ui/cn";
import { ScrollBox } from "./scroll-box";

/**
 * A table that scrolls sideways on narrow screens instead of overflowing the page. The wrapper
 * is positioned so absolutely placed content (.sr-only header text) stays inside its scroll
 * box rather than widening the whole page.
 */
export function Table({ className, scrollLabel, ...props }: HTMLAttributes<HTMLTableElement> & { /** Names the scroll box as a region. Whenever the table is wider than its box, the box is a tab stop (components/ui/scroll-box.tsx). */ scrollLabel?: string }) {
  return (
    <ScrollBox label={scrollLabel} className="relative w-full overflow-x-auto">
      <table className={cn("w-full caption-bottom border-collapse text-sm", className)} {...props} />
    </ScrollBox>
  );
}

export function TableHeader({ className, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return <thead className={cn("border-b", className)} {...props} />;
}

export function TableBody({ className, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody className={cn("[&_tr:last-child]:border-0", className)} {...props} />;
}

export function TableRow({ className, ...props }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={cn("border-b transition-colors hover:bg-muted/50", className)} {...props} />;
}

export function TableHead({ className, scope = "col", ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope={scope} className={cn("h-9 px-3 text-left align-middle text-xs font-medium text-muted-foreground", className)} {...props} />;
}

export function TableCell({ className, ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn("px-3 py-2 align-middle", className)} {...props} />;
}
