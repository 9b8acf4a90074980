"use client";

import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ScrollBox } from "@/components/ui/scroll-box";
import type { LogLineDto, LogPage } from "@/lib/runs/dto";
import { cn } from "@/lib/ui/cn";
import { fetchJson } from "./fetch-json";

const PAGE_LINES = 100;
const TAIL_LINES = 200;
const TAIL_MS = 2_000;

const logsUrl = (runId: string, after: number, limit: number) => `/api/v1/runs/${runId}/logs?after=${after}&limit=${limit}`;

const LEVEL_CLASS: Record<string, string> = { error: "text-danger-text", warn: "text-warning-soft-foreground", debug: "text-muted-foreground" };

/**
 * The run's log: pages of PAGE_LINES from the start, "Load more" for the next; once the
 * last page is loaded and the run is active, new lines are polled (after the last seq seen)
 * and appended. Polling stops when the run finishes, after one last read.
 */
export function RunLogs({ runId, active }: { runId: string; active: boolean }) {
  const queryClient = useQueryClient();
  const pages = useInfiniteQuery({
    queryKey: ["run-logs", runId],
    queryFn: ({ pageParam }) => fetchJson<LogPage>(logsUrl(runId, pageParam, PAGE_LINES)),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextAfter ?? undefined,
    // Never refetched as a whole: the tail below carries everything after the loaded pages.
    staleTime: Infinity,
  });
  const loaded = pages.data?.pages.flatMap((p) => p.data) ?? [];
  const caughtUp = pages.isSuccess && !pages.hasNextPage;
  const base = loaded.at(-1)?.seq ?? 0;
  const tailKey = ["run-logs-tail", runId];
  const tail = useQuery({
    queryKey: tailKey,
    // Accumulates: each poll reads after the last line already shown.
    queryFn: async () => {
      const previous = queryClient.getQueryData<LogLineDto[]>(tailKey) ?? [];
      const page = await fetchJson<LogPage>(logsUrl(runId, Math.max(base, previous.at(-1)?.seq ?? 0), TAIL_LINES));
      return [...previous, ...page.data];
    },
    enabled: caughtUp,
    refetchInterval: active ? TAIL_MS : false,
    staleTime: 0,
  });
  // The run just finished: read once more for lines written right before it did.
  const wasActive = useRef(active);
  useEffect(() => {
    if (wasActive.current && !active) void queryClient.refetchQueries({ queryKey: ["run-logs-tail", runId] });
    wasActive.current = active;
  }, [active, queryClient, runId]);

  const lines = [...loaded, ...(tail.data ?? [])];
  return (
    <Card className="mt-4">
      <CardHeader>
        <CardTitle>Logs</CardTitle>
        <CardDescription>{active ? (caughtUp ? "Live: new lines appear as the run writes them." : "Load every page to follow new lines live.") : `${lines.length} line${lines.length === 1 ? "" : "s"} loaded.`}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {pages.isPending ? (
          <div aria-busy="true" className="flex flex-col gap-1">
            <span className="sr-only">Loading the log…</span>
            {[0, 1, 2, 3].map((i) => (
              <div key={i} className="h-4 animate-pulse rounded bg-muted/60" />
            ))}
          </div>
        ) : pages.isError ? (
          <div role="alert" className="flex items-center gap-3 text-sm text-danger-text">
            The log could not be loaded: {pages.error.message}
            <Button size="sm" variant="outline" onClick={() => void pages.refetch()}>
              Try again
            </Button>
          </div>
        ) : lines.length === 0 ? (
          <EmptyState title="No log lines yet" description={active ? "Lines show up here as soon as the run writes them." : "This run wrote no log lines."} />
        ) : (
          // role=log on its own element: on the <ol> it would replace the list role, and its items
          // would be list items outside a list (axe: listitem).
          <ScrollBox role="log" aria-label="Run log" className="max-h-[36rem] overflow-auto rounded-md bg-muted p-3 font-mono text-xs leading-5">
            <ol>
              {lines.map((l) => (
                <li key={l.seq} data-seq={l.seq} className={cn("flex gap-3 whitespace-pre-wrap", LEVEL_CLASS[l.level])}>
                  <span className="w-12 shrink-0 text-right text-muted-foreground select-none">{l.seq}</span>
                  <span className="shrink-0 text-muted-foreground">{l.ts.slice(11, 19)}</span>
                  <span className="min-w-0 wrap-anywhere">{l.message}</span>
                </li>
              ))}
            </ol>
          </ScrollBox>
        )}
        {pages.hasNextPage ? (
          <Button variant="outline" size="sm" className="self-start" disabled={pages.isFetchingNextPage} aria-busy={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
            {pages.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        ) : null}
        {tail.isError ? <p className="text-sm text-danger-text">Live updates paused: {tail.error.message}. Retrying…</p> : null}
      </CardContent>
    </Card>
  );
}
