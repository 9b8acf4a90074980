"use client";

import { useState, useTransition } from "react";
import { verifyAuditChainAction } from "@/app/(console)/audit/actions";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { BREAK_REASONS, type BreakReason } from "@/lib/audit/verify-messages";

type Outcome = { intact: true; text: string } | { intact: false; text: string };

/** Admin "Verify chain": recomputes every hash server-side and says intact, or where and why not. */
export function VerifyChainButton() {
  const [pending, start] = useTransition();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const { toast } = useToast();

  const verify = () =>
    start(async () => {
      const result = await verifyAuditChainAction({});
      if (!result.ok) {
        toast({ title: "Could not verify the chain", description: result.error, variant: "error" });
        return;
      }
      const r = result.data;
      const next: Outcome = r.ok
        ? { intact: true, text: `Chain intact: ${r.checked.toLocaleString("en-US")} events verified up to seq ${r.lastSeq}${r.checkpointSeq === null ? "" : ` (from checkpoint ${r.checkpointSeq})`}` }
        : { intact: false, text: `Chain broken at seq ${r.badSeq}: ${BREAK_REASONS[r.reason as BreakReason]}` };
      setOutcome(next);
      toast({ title: next.intact ? "Audit chain intact" : "Audit chain broken", description: next.text, variant: next.intact ? "success" : "error" });
    });

  return (
    <div className="flex items-center gap-2">
      {outcome ? (
        <span role="status" data-testid="verify-outcome" className={outcome.intact ? "text-sm text-success-soft-foreground" : "text-sm font-medium text-danger-text"}>
          {outcome.text}
        </span>
      ) : null}
      <Button onClick={verify} disabled={pending} aria-busy={pending}>
        {pending ? "Verifying…" : "Verify chain"}
      </Button>
    </div>
  );
}
