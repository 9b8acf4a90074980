"use client";

import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { ScrollBox } from "@/components/ui/scroll-box";
import { useToast } from "@/components/ui/toast";
import { tokenizeSql, type SqlTokenKind } from "@/lib/queries/sql-tokens";

// SQL with highlighting, a copy button and a cap on what is rendered: a long statement shows
// its head and a "Show all" that expands in place, so a 20 kB text never renders (or
// tokenizes) in full until asked — and even then only up to MAX_RENDER characters.

const TOKEN_CLASS: Partial<Record<SqlTokenKind, string>> = {
  keyword: "font-semibold text-info-soft-foreground",
  string: "text-success-soft-foreground",
  number: "text-warning-soft-foreground",
  param: "text-warning-soft-foreground",
  comment: "italic text-muted-foreground",
};

const MAX_RENDER = 100_000;

export function SqlText({ text, previewChars = 400, className }: { text: string; previewChars?: number; className?: string }) {
  const [expanded, setExpanded] = useState(false);
  const { toast } = useToast();
  const long = text.length > previewChars;
  const shown = expanded ? text.slice(0, MAX_RENDER) : long ? text.slice(0, previewChars) : text;
  const tokens = useMemo(() => tokenizeSql(shown), [shown]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      toast({ title: "Query copied", variant: "success" });
    } catch {
      toast({ title: "Could not copy", description: "The browser refused clipboard access.", variant: "error" });
    }
  }

  return (
    <div className={className}>
      <ScrollBox className="max-h-96 overflow-auto rounded-md bg-muted/60">
      <pre className="p-2 font-mono text-xs leading-relaxed break-words whitespace-pre-wrap" data-testid="sql-text">
        <code>
          {tokens.map((t, i) =>
            TOKEN_CLASS[t.kind] ? (
              <span key={i} className={TOKEN_CLASS[t.kind]}>
                {t.text}
              </span>
            ) : (
              t.text
            ),
          )}
          {long && !expanded ? <span className="text-muted-foreground">…</span> : null}
        </code>
      </pre>
      </ScrollBox>
      <div className="mt-1 flex flex-wrap items-center gap-2">
        <Button size="sm" variant="ghost" onClick={() => void copy()} aria-label="Copy query text">
          Copy
        </Button>
        {long ? (
          <Button size="sm" variant="ghost" onClick={() => setExpanded((v) => !v)} aria-expanded={expanded}>
            {expanded ? "Show less" : `Show all (${text.length.toLocaleString("en-US")} characters)`}
          </Button>
        ) : null}
        {expanded && text.length > MAX_RENDER ? <span className="text-xs text-muted-foreground">Showing the first {MAX_RENDER.toLocaleString("en-US")} characters; Copy takes all of it.</span> : null}
      </div>
    </div>
  );
}
