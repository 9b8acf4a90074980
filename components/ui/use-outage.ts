"use client";

import { useEffect, useRef, useState } from "react";

// When a page fails, an outage of a dependency (PostgreSQL, Redis) is the likeliest cause and
// the only one that fixes itself. The error boundary asks the readiness probe: while a
// dependency is down it says which and keeps asking, and once it is back the page is
// retried without anyone clicking. Server errors reach the browser redacted, so asking is
// how the boundary tells an outage from a bug.

export type Outage = { state: "checking" } | { state: "none" } | { state: "down"; components: string[] };

const PROBE_EVERY_MS = 3_000;
const LABELS: Record<string, string> = { database: "database", redis: "Redis" };

export function useOutage(retry: () => void): Outage {
  const [outage, setOutage] = useState<Outage>({ state: "checking" });
  const retryRef = useRef(retry);
  useEffect(() => {
    retryRef.current = retry;
  }, [retry]);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wasDown = false;
    const probe = async () => {
      let down: string[] | null = null;
      try {
        const res = await fetch("/api/health/ready", { cache: "no-store", signal: AbortSignal.timeout(5_000) });
        if (!res.ok) {
          const body = (await res.json().catch(() => null)) as { components?: Record<string, { status?: string }> } | null;
          down = Object.entries(body?.components ?? {}).filter(([, c]) => c.status !== "up").map(([name]) => LABELS[name] ?? name);
          if (down.length === 0) down = ["database"];
        }
      } catch {
        // The console itself does not answer: the same retrying state.
        down = ["console server"];
      }
      if (stopped) return;
      if (down) {
        wasDown = true;
        setOutage({ state: "down", components: down });
        timer = setTimeout(probe, PROBE_EVERY_MS);
      } else {
        setOutage({ state: "none" });
        if (wasDown) retryRef.current();
      }
    };
    void probe();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  return outage;
}

export function outageSentence(components: string[]): string {
  return `The ${components.join(" and ")} ${components.length === 1 ? "is" : "are"} unavailable`;
}
