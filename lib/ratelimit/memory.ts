import type { Limiter, LimitResult } from "./types";

/**
 * Sliding-window limiter kept in this process: only for a single instance without Redis.
 * Timestamps per identifier in arrival order, expired ones dropped from the front, so a hit
 * costs O(1) amortized however high the limit (copying the whole window on every request
 * cost the pipeline a third of its throughput at a few thousand hits a minute). Identifiers
 * idle past the window are swept so memory stays bounded by the recently active ones.
 */
type Window = { times: number[]; head: number };

export class MemoryLimiter implements Limiter {
  private hits = new Map<string, Window>();
  private lastSweep = Date.now();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private live(identifier: string): Window {
    const now = this.now();
    const cutoff = now - this.windowMs;
    if (now - this.lastSweep > this.windowMs) {
      for (const [key, w] of this.hits) if (w.head === w.times.length || w.times.at(-1)! <= cutoff) this.hits.delete(key);
      this.lastSweep = now;
    }
    let w = this.hits.get(identifier);
    if (!w) this.hits.set(identifier, (w = { times: [], head: 0 }));
    while (w.head < w.times.length && w.times[w.head]! <= cutoff) w.head++;
    // Compact once the dropped prefix outweighs the live part.
    if (w.head > 64 && w.head * 2 > w.times.length) {
      w.times = w.times.slice(w.head);
      w.head = 0;
    }
    return w;
  }

  private used(w: Window): number {
    return w.times.length - w.head;
  }

  private reset(w: Window): number {
    return (w.times[w.head] ?? this.now()) + this.windowMs;
  }

  async limit(identifier: string): Promise<LimitResult> {
    const w = this.live(identifier);
    const success = this.used(w) < this.max;
    if (success) w.times.push(this.now());
    return { success, limit: this.max, remaining: Math.max(0, this.max - this.used(w)), reset: this.reset(w) };
  }

  async getRemaining(identifier: string): Promise<{ remaining: number; reset: number }> {
    const w = this.live(identifier);
    return { remaining: Math.max(0, this.max - this.used(w)), reset: this.reset(w) };
  }

  async resetUsedTokens(identifier: string): Promise<void> {
    this.hits.delete(identifier);
  }
}
