import type { Limiter, LimitResult } from "./types";

/**
 * Sliding-window limiter kept in this process: only for a single instance without Redis.
 * Timestamps per identifier, pruned on access; identifiers idle past the window are
 * swept so memory stays bounded by the number of recently active identifiers.
 */
export class MemoryLimiter implements Limiter {
  private hits = new Map<string, number[]>();
  private lastSweep = Date.now();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private live(identifier: string): number[] {
    const now = this.now();
    if (now - this.lastSweep > this.windowMs) {
      for (const [key, list] of this.hits) if (list.every((t) => t <= now - this.windowMs)) this.hits.delete(key);
      this.lastSweep = now;
    }
    const list = (this.hits.get(identifier) ?? []).filter((t) => t > now - this.windowMs);
    this.hits.set(identifier, list);
    return list;
  }

  private reset(list: number[]): number {
    return (list[0] ?? this.now()) + this.windowMs;
  }

  async limit(identifier: string): Promise<LimitResult> {
    const list = this.live(identifier);
    const success = list.length < this.max;
    if (success) list.push(this.now());
    return { success, limit: this.max, remaining: Math.max(0, this.max - list.length), reset: this.reset(list) };
  }

  async getRemaining(identifier: string): Promise<{ remaining: number; reset: number }> {
    const list = this.live(identifier);
    return { remaining: Math.max(0, this.max - list.length), reset: this.reset(list) };
  }

  async resetUsedTokens(identifier: string): Promise<void> {
    this.hits.delete(identifier);
  }
}
