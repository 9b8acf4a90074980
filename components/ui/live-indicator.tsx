"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useSyncExternalStore, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Time } from "@/components/ui/time";

function subscribeVisibility(listener: () => void) {
  document.addEventListener("visibilitychange", listener);
  return () => document.removeEventListener("visibilitychange", listener);
}
export const useTabVisible = () => useSyncExternalStore(subscribeVisibility, () => document.visibilityState === "visible", () => true);

/**
 * How fresh a server-rendered page is, and keeping it so: "Updated 12 s ago · every 30 s",
 * a refresh of the page's server components (router.refresh: the same URL, no reload, form
 * fields kept) on that interval, paused while the tab is hidden or when the reader pauses it.
 * A tab that comes back after missing a refresh refreshes at once. `renderedAt` is the
 * server's time for the data on screen (new Date().toISOString() in the page).
 */
export function LiveIndicator({ renderedAt, intervalMs = 30_000 }: { renderedAt: string; intervalMs?: number }) {
  const router = useRouter();
  const [paused, setPaused] = useState(false);
  const [refreshing, start] = useTransition();
  const visible = useTabVisible();
  const live = !paused && visible;
  // When the tab was hidden (or the reader paused) past a due refresh; measured on this
  // browser's clock, so a server whose clock is off cannot start a refresh loop.
  const stoppedAt = useRef<number | null>(null);

  useEffect(() => {
    const refresh = () => start(() => router.refresh());
    if (!live) {
      stoppedAt.current = Date.now();
      return;
    }
    if (stoppedAt.current !== null && Date.now() - stoppedAt.current >= intervalMs) refresh();
    stoppedAt.current = null;
    const id = setInterval(refresh, intervalMs);
    return () => clearInterval(id);
  }, [live, intervalMs, renderedAt, router]);

  return <LiveStatus live={live} paused={paused} refreshing={refreshing} updatedAt={renderedAt} intervalMs={intervalMs} onTogglePause={() => setPaused((p) => !p)} />;
}

/**
 * The live line itself, for a page that refreshes its own way (/metrics refetches chart
 * data): a dot (green while live), "Updated 12 s ago · every 30 s" or "· paused", Pause.
 */
export function LiveStatus({ live, paused, refreshing, updatedAt, intervalMs, onTogglePause, error }: { live: boolean; paused: boolean; refreshing: boolean; updatedAt: string; intervalMs: number; onTogglePause: () => void; /** The last refresh failed: what is on screen is older than it says. */ error?: string | null }) {
  return (
    <div data-testid="live-indicator" className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
      <span className={live ? "size-2 rounded-full bg-success" : "size-2 rounded-full bg-muted-foreground"} aria-hidden="true" />
      <span aria-live="polite">
        {refreshing ? (
          "Refreshing…"
        ) : (
          <>
            Updated <Time iso={updatedAt} />
            {paused ? " · paused" : ` · every ${Math.round(intervalMs / 1000)} s`}
          </>
        )}
      </span>
      <Button size="xs" variant="ghost" aria-pressed={paused} onClick={onTogglePause}>
        {paused ? "Resume" : "Pause"}
      </Button>
      {error ? (
        <span role="alert" className="text-danger-text">
          {error}
        </span>
      ) : null}
    </div>
  );
}
