"use client";

import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function HealthError({ reset }: { error: Error; reset: () => void }) {
  return <EmptyState title="The health board could not be loaded" description="The database may be unavailable; /api/health/ready says which component is down." action={<Button onClick={reset}>Try again</Button>} />;
}
