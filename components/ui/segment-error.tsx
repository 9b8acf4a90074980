"use client";

import { useEffect } from "react";
import { reportBrowserError } from "@/lib/observability/report-browser-error";
import { Button } from "@/components/ui/button";
import { StatusPage } from "@/components/status-page";
import { outageSentence, useOutage } from "./use-outage";

/**
 * A console segment's error.tsx body, inside the shell (the navigation stays). Never shows the
 * message or stack: server errors arrive redacted, and the digest finds them in the logs.
 * During an outage of a dependency it says so and retries by itself once it is back.
 */
export function SegmentError({ what, error, retry, landmark = false }: { what: string; error: unknown; retry: () => void; landmark?: boolean }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  const outage = useOutage(retry);
  useEffect(() => {
    reportBrowserError(error);
  }, [error]);
  if (outage.state === "down") {
    return (
      <StatusPage landmark={landmark} code="503" title={`${outageSentence(outage.components)}, retrying…`} action={<Button onClick={() => retry()}>Try again now</Button>}>
        <span role="status">The {what} will load by itself as soon as it is back; nothing you entered is lost.</span>
      </StatusPage>
    );
  }
  return (
    <StatusPage
      landmark={landmark}
      code="Error"
      title={`The ${what} could not be loaded`}
      action={<Button onClick={() => retry()}>Try again</Button>}
      footer={digest ? <>Reference: <code className="font-mono">{digest}</code></> : null}
    >
      Trying again often helps; if it keeps failing, give an administrator the reference below.
    </StatusPage>
  );
}
