"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import type { RunStatus } from "@/lib/db/schema";
import { fetchJson } from "./fetch-json";

const POLL_MS = 3_000;

/**
 * Mounted only while the run is queued or running: polls the run and refreshes the page's
 * server components when its status (or cancel request) changes. Once the run finishes the
 * page renders without this component, so polling stops.
 */
export function RunLiveStatus({ runId, status, cancelRequested }: { runId: string; status: RunStatus; cancelRequested: boolean }) {
  const router = useRouter();
  const { data, isError } = useQuery({
    queryKey: ["run", runId],
    queryFn: () => fetchJson<{ status: RunStatus; cancelRequestedAt: string | null }>(`/api/v1/runs/${runId}`),
    refetchInterval: POLL_MS,
    staleTime: 0,
  });
  const changed = data && (data.status !== status || (data.cancelRequestedAt !== null) !== cancelRequested);
  useEffect(() => {
    if (changed) router.refresh();
  }, [changed, router]);
  return (
    <p className="mb-4 flex items-center gap-2 text-sm text-muted-foreground">
      <span aria-hidden className="size-2 animate-pulse rounded-full bg-info" />
      {isError ? "Live updates paused: the run could not be read. Retrying…" : `Live: this page follows the run while it is ${status}.`}
    </p>
  );
}
