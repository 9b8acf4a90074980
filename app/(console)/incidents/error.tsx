"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function IncidentsError({ error, retry }: { error: unknown; retry: () => void }) {
  return <SegmentError what="incidents" error={error} retry={retry} />;
}
