"use client";

import { deleteSilenceAction } from "@/app/(console)/alerts/actions";
import { useRunAction } from "@/components/admin/run-action";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

export function ExpireSilenceButton({ id, name }: { id: string; name: string }) {
  const run = useRunAction();
  return (
    <ConfirmDialog
      triggerLabel="Expire"
      destructive
      title={`Expire ${name} now?`}
      description="Matching incidents notify their channels again from the next evaluation. The audit trail keeps what it was."
      confirmLabel={`Expire ${name}`}
      onConfirm={async () => {
        const result = await run(() => deleteSilenceAction({ id }), `${name} expired`);
        return "error" in result ? result.error : undefined;
      }}
    />
  );
}
