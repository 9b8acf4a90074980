"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function MetricsError({ error, retry }: { error: unknown; retry: () => void }) {
  return <SegmentError what="metrics" error={error} retry={retry} />;
}
