"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function IncidentError({ error, retry }: { error: unknown; retry: () => void }) {
  return <SegmentError what="incident" error={error} retry={retry} />;
}
