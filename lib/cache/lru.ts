// A small LRU with per-entry TTL, on Map's insertion order.
export class LruCache<V> {
  private map = new Map<string, { value: V; expires: number; tags: readonly string[] }>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const entry = this.map.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.map.delete(key);
      return undefined;
    }
    this.map.delete(key);
    this.map.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, ttlMs: number, tags: readonly string[] = []): void {
    this.map.delete(key);
    this.map.set(key, { value, expires: this.now() + ttlMs, tags });
    while (this.map.size > this.maxEntries) this.map.delete(this.map.keys().next().value!);
  }

  deleteTagged(tags: readonly string[]): number {
    let removed = 0;
    for (const [key, entry] of this.map) {
      if (entry.tags.some((t) => tags.includes(t))) {
        this.map.delete(key);
        removed++;
      }
    }
    return removed;
  }

  /** Entry count per tag, leaving out `ignore`; expired entries still count until touched. */
  tagCounts(ignore?: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const entry of this.map.values()) for (const t of entry.tags) if (t !== ignore) counts[t] = (counts[t] ?? 0) + 1;
    return counts;
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}
