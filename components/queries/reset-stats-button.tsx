"use client";

import { useRouter } from "next/navigation";
import { resetQueryStatsAction } from "@/app/(console)/queries/actions";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toast";

export function ResetStatsButton() {
  const { toast } = useToast();
  const router = useRouter();
  return (
    <ConfirmDialog
      triggerLabel="Reset statistics"
      title="Reset pg_stat_statements for this server?"
      description="Every statement's calls and times start again from zero, for all databases on the server. The reset is recorded in the audit trail."
      confirmLabel="Reset statistics"
      destructive
      onConfirm={async () => {
        const result = await resetQueryStatsAction({});
        if (!result.ok) return result.error;
        toast({ title: "Statistics reset", variant: "success" });
        router.refresh();
      }}
    />
  );
}
