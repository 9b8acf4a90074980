"use client";

import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function MetricsError({ reset }: { error: Error; reset: () => void }) {
  return <EmptyState title="The metrics could not be loaded" description="The database may be unavailable. Try again in a moment." action={<Button onClick={reset}>Try again</Button>} />;
}
