"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** The audit trail failed to load (database unreachable, say): say so, offer a retry. */
export default function AuditError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  useEffect(() => console.error(error), [error]);
  return (
    <EmptyState
      title="The audit trail could not be loaded"
      description={error.digest ? `Try again; if it keeps failing, quote reference ${error.digest}.` : "Try again in a moment."}
      action={<Button onClick={() => retry()}>Try again</Button>}
    />
  );
}
