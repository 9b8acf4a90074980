"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** Inside the console shell: an admin page that fails to load keeps the navigation. */
export default function AdminError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <EmptyState
      title="This page failed to load"
      description={digest ? `Reference: ${digest}` : "Trying again often helps."}
      action={<Button onClick={() => retry()}>Try again</Button>}
    />
  );
}
