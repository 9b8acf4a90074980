"use client";

import { revokeApiKeyAction } from "@/app/(console)/admin/api-keys/actions";
import { useRunAction } from "@/components/admin/run-action";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

export function RevokeKeyButton({ id, name, prefix }: { id: string; name: string; prefix: string }) {
  const run = useRunAction();
  return (
    <ConfirmDialog
      triggerLabel="Revoke"
      destructive
      title={`Revoke key ${name} (${prefix}…)?`}
      description="Requests with this key are refused from now on. This cannot be undone."
      confirmLabel="Revoke key"
      onConfirm={async () => {
        const result = await run(() => revokeApiKeyAction({ id }), `Revoked key ${name} (${prefix}…)`);
        return "error" in result ? result.error : undefined;
      }}
    />
  );
}
