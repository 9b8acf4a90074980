"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";

// A secret shown exactly once (a new API key, a one-time password): it lives only in the
// client's state from the action's answer, is never rendered by the server, and is gone
// when the panel is dismissed or the page reloads.

export function OneTimeSecret({ label, value, note, onDone }: { label: string; value: string; note: string; onDone: () => void }) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <div role="region" aria-labelledby={`${id}-label`} className="flex flex-col gap-2 rounded-md border border-emerald-600 bg-card p-4">
      <p id={`${id}-label`} className="text-sm font-medium">
        {label}
      </p>
      <p className="text-sm text-muted-foreground">{note}</p>
      <div className="flex flex-wrap items-center gap-2">
        <code data-testid="one-time-secret" className="min-w-0 rounded bg-muted px-2 py-1 font-mono text-sm break-all select-all">
          {value}
        </code>
        <Button size="sm" variant="outline" onClick={() => void copy()}>
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
      <span role="status" className="sr-only">
        {copied ? "Copied to the clipboard" : ""}
      </span>
    </div>
  );
}
