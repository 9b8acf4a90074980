"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { StatusPage } from "@/components/status-page";

/**
 * A console segment's error.tsx body, inside the shell (the navigation stays). Never shows the
 * message or stack: server errors arrive redacted, and the digest finds them in the logs.
 */
export function SegmentError({ what, error, retry }: { what: string; error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <StatusPage
      landmark={false}
      code="Error"
      title={`The ${what} could not be loaded`}
      action={<Button onClick={() => retry()}>Try again</Button>}
      footer={digest ? <>Reference: <code className="font-mono">{digest}</code></> : null}
    >
      Trying again often helps; if it keeps failing, give an administrator the reference below.
    </StatusPage>
  );
}
