"use client";

import { resetRateLimitAction } from "@/app/(console)/admin/system/actions";
import { useRunAction } from "@/components/admin/run-action";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { RateLimitSubject } from "@/lib/system/rate-limits";

export function ResetRateLimitButton({ subject, label }: { subject: RateLimitSubject; label: string }) {
  const run = useRunAction();
  return (
    <ConfirmDialog
      triggerLabel="Reset limits"
      destructive
      title={`Reset the rate limits of ${label}?`}
      description="Its counters start again from zero in every class. Other instances may keep refusing until the window they saw ends."
      confirmLabel="Reset"
      onConfirm={async () => {
        const result = await run(() => resetRateLimitAction(subject), `Rate limits reset for ${label}`);
        return "error" in result ? result.error : undefined;
      }}
    />
  );
}
