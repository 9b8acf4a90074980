"use client";

import { useEffect } from "react";
import { outageSentence, useOutage } from "@/components/ui/use-outage";
import { reportBrowserError } from "@/lib/observability/report-browser-error";
import "./globals.css";

/**
 * Replaces the root layout when it fails, so it brings its own document and stylesheet. With
 * no cookie read here, the theme follows the OS setting (the CSS media query).
 */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  const outage = useOutage(retry);
  useEffect(() => {
    // Reported once, to Sentry when the page carries a DSN (lib/observability/report-browser-error.ts).
    reportBrowserError(error);
  }, [error]);
  const down = outage.state === "down";
  return (
    <html lang="en">
      <body>
        <title>Error · Opsdeck</title>
        <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-4 px-6">
          <h1 className="text-2xl font-semibold tracking-tight">{down ? `${outageSentence(outage.components)}, retrying…` : "Opsdeck could not load"}</h1>
          <p className="text-sm text-muted-foreground" role={down ? "status" : undefined}>
            {down ? "The page loads by itself as soon as it is back." : "An unexpected error stopped the page from rendering. Try again; if it keeps failing, give an administrator the reference below."}
          </p>
          {digest ? (
            <p className="text-xs text-muted-foreground">
              Reference: <code className="font-mono">{digest}</code>
            </p>
          ) : null}
          <button
            type="button"
            onClick={() => retry()}
            className="inline-flex h-9 w-fit items-center rounded-md bg-primary px-4 text-sm font-medium text-primary-foreground hover:bg-primary/90 focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 focus-visible:outline-none"
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
