import type { InputHTMLAttributes, LabelHTMLAttributes } from "react";
import { cn } from "@/lib/ui/cn";
import { utcInputValue } from "@/lib/ui/format";

export function Input({ className, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return (
    <input
      className={cn(
        "h-9 w-full rounded-md border border-input bg-background px-3 text-sm text-foreground placeholder:text-muted-foreground",
        "focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 focus-visible:ring-offset-background focus-visible:outline-none",
        "disabled:opacity-60 aria-invalid:border-destructive",
        className,
      )}
      {...props}
    />
  );
}

export function Label({ className, ...props }: LabelHTMLAttributes<HTMLLabelElement>) {
  return <label className={cn("text-sm font-medium", className)} {...props} />;
}

/**
 * A UTC date and time typed as "2026-12-01 18:51": the order and zone every table and chart
 * of the console shows, rather than the browser's locale picker (12/01/2026, 06:51 PM, local).
 * Read it back with parseUtcDate (lib/ui/format.ts); the pattern stops a malformed value
 * before submit. Label it "… (UTC)".
 */
export function UtcDateTimeInput({ className, value, dateOnly = false, ...props }: Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "pattern" | "defaultValue" | "value"> & { value?: Date | null; /** A day, "2026-12-01", not a time. */ dateOnly?: boolean }) {
  const format = dateOnly ? "YYYY-MM-DD" : "YYYY-MM-DD HH:MM";
  return (
    <Input
      type="text"
      pattern={dateOnly ? String.raw`\d{4}-\d{2}-\d{2}` : String.raw`\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}`}
      placeholder={format}
      title={`UTC, as ${format}`}
      autoComplete="off"
      spellCheck={false}
      defaultValue={value ? utcInputValue(value).slice(0, dateOnly ? 10 : 16) : undefined}
      className={cn("font-mono tabular-nums", className)}
      {...props}
    />
  );
}
