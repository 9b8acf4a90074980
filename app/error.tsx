"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { StatusPage } from "@/components/status-page";

/** Never shows the message or stack: server errors arrive redacted, and the digest finds them in the logs. */
export default function ErrorBoundary({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <StatusPage
      code="Error"
      title="Something went wrong"
      action={<Button onClick={() => retry()}>Try again</Button>}
      footer={digest ? <>Reference: <code className="font-mono">{digest}</code></> : null}
    >
      This part of the console failed to load. Trying again often helps; if it keeps failing, give an administrator the reference below.
    </StatusPage>
  );
}
