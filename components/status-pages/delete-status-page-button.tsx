"use client";

import { deleteStatusPageAction } from "@/app/(console)/admin/status-pages/actions";
import { useRunAction } from "@/components/admin/run-action";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

export function DeleteStatusPageButton({ id, title }: { id: string; title: string }) {
  const run = useRunAction();
  return (
    <ConfirmDialog
      triggerLabel="Delete"
      title={`Delete status page ${title}?`}
      description="Its public URL stops answering, and its posted incidents and email subscribers go with it. This cannot be undone."
      confirmLabel={`Delete ${title}`}
      destructive
      onConfirm={async () => {
        const result = await run(() => deleteStatusPageAction({ id }), `Status page ${title} deleted`);
        return "error" in result ? result.error : undefined;
      }}
    />
  );
}
