"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function RunError({ error, retry }: { error: unknown; retry: () => void }) {
  return <SegmentError what="run" error={error} retry={retry} />;
}
