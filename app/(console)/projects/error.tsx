"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function ProjectListError({ error, retry }: { error: unknown; retry: () => void }) {
  return <SegmentError what="project list" error={error} retry={retry} />;
}
