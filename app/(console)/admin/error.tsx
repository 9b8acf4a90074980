"use client";

import { SegmentError } from "@/components/ui/segment-error";

/** Inside the console shell: an admin page that fails to load keeps the navigation. */
export default function AdminError({ error, retry }: { error: unknown; retry: () => void }) {
  return <SegmentError what="page" error={error} retry={retry} />;
}
