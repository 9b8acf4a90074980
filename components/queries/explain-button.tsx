"use client";

import { useId, useState } from "react";
import { explainQueryAction } from "@/app/(console)/queries/actions";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import type { PlanTree } from "@/lib/queries/plan-tree";
import { PlanTreeView } from "./plan-tree-view";

// Admin only (the page renders it for admins; the action and the domain check again).
export function ExplainButton({ source, id }: { source: "recorded" | "statements"; id: string }) {
  const [analyze, setAnalyze] = useState(false);
  const [pending, setPending] = useState(false);
  const [plan, setPlan] = useState<PlanTree | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { toast } = useToast();
  const checkboxId = useId();

  async function run() {
    setPending(true);
    setError(null);
    try {
      const result = await explainQueryAction({ source, id, analyze });
      if (!result.ok) {
        setPlan(null);
        setError(result.error);
        toast({ title: "Not explained", description: result.error, variant: "error" });
      } else if (!result.data.ok) {
        setPlan(null);
        setError(`${result.data.message}${result.data.sqlstate ? ` (SQLSTATE ${result.data.sqlstate})` : ""}`);
      } else {
        setPlan(result.data.plan);
      }
    } catch {
      setError("The request failed. Try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-3">
        <Button size="sm" variant="outline" onClick={() => void run()} disabled={pending} aria-busy={pending}>
          {pending ? "Explaining…" : "Explain"}
        </Button>
        <label htmlFor={checkboxId} className="flex items-center gap-1 text-xs text-muted-foreground">
          <input id={checkboxId} type="checkbox" checked={analyze} onChange={(e) => setAnalyze(e.target.checked)} />
          with ANALYZE (runs it)
        </label>
      </div>
      {error ? (
        <p role="alert" className="rounded-md border border-destructive px-3 py-2 text-xs text-danger-text">
          {error}
        </p>
      ) : null}
      {plan ? <PlanTreeView tree={plan} /> : null}
    </div>
  );
}
