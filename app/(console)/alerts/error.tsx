"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function AlertsError({ error, retry }: { error: unknown; retry: () => void }) {
  return <SegmentError what="alerts" error={error} retry={retry} />;
}
