import type { SelectHTMLAttributes } from "react";
import { cn } from "@/lib/ui/cn";

/** A native select styled like Input: keyboard and screen-reader behaviour come for free. */
export function Select({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select
      className={cn(
        "h-9 rounded-md border border-input bg-background px-2 text-sm text-foreground",
        "focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 focus-visible:ring-offset-background focus-visible:outline-none",
        "disabled:opacity-60",
        className,
      )}
      {...props}
    />
  );
}
