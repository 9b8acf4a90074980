"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function HealthError({ error, retry }: { error: unknown; retry: () => void }) {
  return <SegmentError what="health board" error={error} retry={retry} />;
}
