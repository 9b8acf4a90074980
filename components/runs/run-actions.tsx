"use client";

import { useRouter } from "next/navigation";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toast";
import { cancelRunAction, retryRunAction } from "@/app/(console)/projects/actions";
import type { RunStatus } from "@/lib/db/schema";
import { canCancel, canRetry } from "@/lib/runs/state-machine";

type Props = { run: { id: string; name: string; status: RunStatus; cancelRequested: boolean } };

/**
 * Cancel (queued or running, unless already requested) and retry (finished runs). Rendered
 * only for operators and admins; the action and the domain function check the role again.
 */
export function RunActions({ run }: Props) {
  const router = useRouter();
  const { toast } = useToast();
  const cancellable = canCancel(run);
  const retryable = canRetry(run.status);
  if (!cancellable && !retryable) return null;
  return (
    <div className="flex items-center gap-2">
      {cancellable ? (
        <ConfirmDialog
          triggerLabel="Cancel run"
          command="Cancel this run"
          destructive
          title={`Cancel run ${run.name}?`}
          description={
            run.status === "queued"
              ? "The run has not started: it is cancelled at once."
              : "The run is in progress: its executor is asked to stop, and the run shows as cancelled once it confirms."
          }
          confirmLabel="Cancel run"
          onConfirm={async () => {
            const result = await cancelRunAction({ runId: run.id });
            if (!result.ok) {
              toast({ title: `Could not cancel ${run.name}`, description: result.error, variant: "error" });
              return result.error;
            }
            toast({
              title: { cancelled: `Run ${run.name} cancelled`, already_cancelled: `Run ${run.name} was already cancelled`, cancel_requested: `Cancellation requested for ${run.name}` }[result.data.outcome],
              variant: "success",
            });
            router.refresh();
          }}
        />
      ) : null}
      {retryable ? (
        <ConfirmDialog
          triggerLabel="Retry run"
          command="Retry this run"
          triggerVariant="outline"
          title={`Retry run ${run.name}?`}
          description="A new queued run is created with the same name, kind and metadata, linked to this one."
          confirmLabel="Retry run"
          onConfirm={async () => {
            const result = await retryRunAction({ runId: run.id });
            if (!result.ok) {
              toast({ title: `Could not retry ${run.name}`, description: result.error, variant: "error" });
              return result.error;
            }
            toast({ title: `Retry of ${run.name} queued`, variant: "success" });
            router.refresh();
          }}
        />
      ) : null}
    </div>
  );
}
