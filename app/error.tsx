"use client";

import { SegmentError } from "@/components/ui/segment-error";

/** Never shows the message or stack: server errors arrive redacted, and the digest finds them in the logs. */
export default function ErrorBoundary({ error, retry }: { error: unknown; retry: () => void }) {
  return <SegmentError what="page" error={error} retry={retry} landmark />;
}
