"use client";

import { SegmentError } from "@/components/ui/segment-error";

/** The audit trail failed to load (database unreachable, say). */
export default function AuditError({ error, retry }: { error: unknown; retry: () => void }) {
  return <SegmentError what="audit trail" error={error} retry={retry} />;
}
