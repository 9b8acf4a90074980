"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function ProjectError({ error, retry }: { error: unknown; retry: () => void }) {
  return <SegmentError what="project" error={error} retry={retry} />;
}
