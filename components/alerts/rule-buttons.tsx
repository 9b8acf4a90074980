"use client";

import { deleteAlertRuleAction } from "@/app/(console)/alerts/actions";
import { useRunAction } from "@/components/admin/run-action";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

export function DeleteRuleButton({ id, name }: { id: string; name: string }) {
  const run = useRunAction();
  return (
    <ConfirmDialog
      triggerLabel="Delete"
      destructive
      title={`Delete rule ${name}?`}
      description="It stops being evaluated. Its past incidents stay, without a rule."
      confirmLabel={`Delete ${name}`}
      onConfirm={async () => {
        const result = await run(() => deleteAlertRuleAction({ id }), `Rule ${name} deleted`);
        return "error" in result ? result.error : undefined;
      }}
    />
  );
}
