import { getConfig } from "../config";
import type { QueryObservation } from "../db/timed-client";
import { addBuckets, bucketIndex, emptyBuckets } from "./histogram";
import { identifySql, loadSqlParser, type SqlIdentity } from "./sql-text";

// The in-memory side of slow-query recording. observe() runs on the request path and only
// appends to a bounded queue; a drain scheduled off that path fingerprints the texts and
// folds them into per-minute aggregates, and the flush job (jobs.ts) takes a batch to
// PostgreSQL. Every structure has a fixed cap, so a storm of slow queries costs a bounded
// amount of memory: past a cap, observations are counted as dropped, never kept.

export type RecorderLimits = {
  /** Raw observations waiting to be fingerprinted. */
  maxPending: number;
  /** Characters of SQL text waiting in the queue, across observations. */
  maxPendingChars: number;
  /** A statement longer than this is cut before it is queued. */
  maxTextChars: number;
  /** (minute, fingerprint, route) aggregates between two flushes. */
  maxAggregates: number;
  /** Individual occurrences kept between two flushes (the slowest win). */
  maxSamples: number;
  /** Parsed texts remembered, so the same statement is parsed once. */
  maxIdentityCache: number;
};

export const DEFAULT_LIMITS: RecorderLimits = {
  maxPending: 1_000,
  maxPendingChars: 2_000_000,
  maxTextChars: 32_000,
  maxAggregates: 2_000,
  maxSamples: 500,
  maxIdentityCache: 500,
};

export type SlowQueryEvent = { durationMs: number; route: string; requestId: string | null };
export type MinuteAggregate = { bucketStart: Date; fingerprint: string; route: string; calls: number; totalMs: number; maxMs: number; buckets: number[] };
export type SampleRecord = { fingerprint: string; occurredAt: Date; durationMs: number; route: string; requestId: string | null; traceId?: string | null };
export type TextRecord = { fingerprint: string; query: string; firstSeen: Date; lastSeen: Date };
export type RecorderBatch = { texts: TextRecord[]; minutes: MinuteAggregate[]; samples: SampleRecord[]; dropped: number };

type Pending = { text: string; durationMs: number; route: string; requestId: string | null; traceId?: string; at: number };

export class SlowQueryRecorder {
  readonly limits: RecorderLimits;
  private pending: Pending[] = [];
  private pendingChars = 0;
  private aggregates = new Map<string, MinuteAggregate>();
  private texts = new Map<string, TextRecord>();
  private samples: SampleRecord[] = [];
  private identities = new Map<string, SqlIdentity>();
  private droppedSinceFlush = 0;
  private draining: Promise<void> | null = null;
  private drainTimer: NodeJS.Timeout | null = null;
  private listeners = new Set<(event: SlowQueryEvent) => void>();
  /** Counters since the process started, for the metrics exposition. */
  readonly totals = { slow: 0, dropped: 0 };

  constructor(
    public thresholdMs: number,
    limits: Partial<RecorderLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Called for every query; cheap unless the query was slow. */
  observe(o: Pick<QueryObservation, "text" | "durationMs" | "route" | "requestId" | "at"> & { traceId?: string }): void {
    if (o.durationMs < this.thresholdMs || !o.text) return;
    this.totals.slow++;
    const event = { durationMs: o.durationMs, route: o.route, requestId: o.requestId };
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // a metrics hook must not break recording
      }
    }
    const text = o.text.length > this.limits.maxTextChars ? o.text.slice(0, this.limits.maxTextChars) : o.text;
    if (this.pending.length >= this.limits.maxPending || this.pendingChars + text.length > this.limits.maxPendingChars) {
      this.drop();
    } else {
      this.pending.push({ text, durationMs: o.durationMs, route: o.route, requestId: o.requestId, traceId: o.traceId, at: o.at });
      this.pendingChars += text.length;
    }
    this.scheduleDrain();
  }

  onSlowQuery(listener: (event: SlowQueryEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private drop(count = 1): void {
    this.droppedSinceFlush += count;
    this.totals.dropped += count;
  }

  private scheduleDrain(): void {
    if (this.drainTimer || this.draining) return;
    this.drainTimer = setTimeout(() => {
      this.drainTimer = null;
      void this.drain();
    }, 25);
    this.drainTimer.unref();
  }

  /** Fingerprints what is queued and folds it into the aggregates. */
  drain(): Promise<void> {
    this.draining ??= (async () => {
      try {
        await loadSqlParser();
        while (this.pending.length > 0) {
          const batch = this.pending;
          this.pending = [];
          this.pendingChars = 0;
          for (const p of batch) this.fold(p);
        }
      } finally {
        this.draining = null;
      }
    })();
    return this.draining;
  }

  private identify(text: string): SqlIdentity {
    const known = this.identities.get(text);
    if (known) {
      this.identities.delete(text); // re-insert: most recently used last
      this.identities.set(text, known);
      return known;
    }
    const identity = identifySql(text);
    this.identities.set(text, identity);
    if (this.identities.size > this.limits.maxIdentityCache) this.identities.delete(this.identities.keys().next().value!);
    return identity;
  }

  private fold(p: Pending): void {
    const { fingerprint, normalized } = this.identify(p.text);
    const minute = Math.floor(p.at / 60_000) * 60_000;
    const key = `${minute}\u0000${fingerprint}\u0000${p.route}`;
    let agg = this.aggregates.get(key);
    if (!agg) {
      if (this.aggregates.size >= this.limits.maxAggregates) return this.drop();
      agg = { bucketStart: new Date(minute), fingerprint, route: p.route, calls: 0, totalMs: 0, maxMs: 0, buckets: emptyBuckets() };
      this.aggregates.set(key, agg);
    }
    agg.calls++;
    agg.totalMs += p.durationMs;
    agg.maxMs = Math.max(agg.maxMs, p.durationMs);
    agg.buckets[bucketIndex(p.durationMs)]!++;

    const at = new Date(p.at);
    const text = this.texts.get(fingerprint);
    if (text) {
      if (at > text.lastSeen) text.lastSeen = at;
      if (at < text.firstSeen) text.firstSeen = at;
    } else {
      // Bounded by maxAggregates: a text exists only for a fingerprint with an aggregate.
      this.texts.set(fingerprint, { fingerprint, query: normalized, firstSeen: at, lastSeen: at });
    }

    const sample = { fingerprint, occurredAt: at, durationMs: p.durationMs, route: p.route, requestId: p.requestId, traceId: p.traceId ?? null };
    if (this.samples.length < this.limits.maxSamples) {
      this.samples.push(sample);
    } else {
      let fastest = 0;
      for (let i = 1; i < this.samples.length; i++) if (this.samples[i]!.durationMs < this.samples[fastest]!.durationMs) fastest = i;
      if (this.samples[fastest]!.durationMs < p.durationMs) this.samples[fastest] = sample;
    }
  }

  /** Everything aggregated so far, handed to the flush; the recorder starts empty again. */
  takeBatch(): RecorderBatch {
    const batch = { texts: [...this.texts.values()], minutes: [...this.aggregates.values()], samples: this.samples, dropped: this.droppedSinceFlush };
    this.texts = new Map();
    this.aggregates = new Map();
    this.samples = [];
    this.droppedSinceFlush = 0;
    return batch;
  }

  /** Puts back a batch whose flush failed, as far as the caps allow (the rest is dropped). */
  restore(batch: RecorderBatch): void {
    for (const t of batch.texts) if (!this.texts.has(t.fingerprint)) this.texts.set(t.fingerprint, t);
    for (const m of batch.minutes) {
      const key = `${m.bucketStart.getTime()}\u0000${m.fingerprint}\u0000${m.route}`;
      const agg = this.aggregates.get(key);
      if (agg) {
        agg.calls += m.calls;
        agg.totalMs += m.totalMs;
        agg.maxMs = Math.max(agg.maxMs, m.maxMs);
        addBuckets(agg.buckets, m.buckets);
      } else if (this.aggregates.size < this.limits.maxAggregates) this.aggregates.set(key, m);
      else this.drop(m.calls);
    }
    for (const s of batch.samples) if (this.samples.length < this.limits.maxSamples) this.samples.push(s);
    this.droppedSinceFlush += batch.dropped;
  }

  /** What the recorder holds right now: entries per structure and characters of text. */
  size(): { pending: number; aggregates: number; texts: number; samples: number; identities: number; chars: number } {
    let chars = this.pendingChars;
    for (const t of this.texts.values()) chars += t.query.length;
    for (const [text, id] of this.identities) chars += text.length + id.normalized.length;
    return { pending: this.pending.length, aggregates: this.aggregates.size, texts: this.texts.size, samples: this.samples.length, identities: this.identities.size, chars };
  }

  /** The most any structure can hold, in the same units as size(). */
  capacity(): ReturnType<SlowQueryRecorder["size"]> {
    const l = this.limits;
    return {
      pending: l.maxPending,
      aggregates: l.maxAggregates,
      texts: l.maxAggregates,
      samples: l.maxSamples,
      identities: l.maxIdentityCache,
      chars: l.maxPendingChars + l.maxAggregates * l.maxTextChars + l.maxIdentityCache * 2 * l.maxTextChars,
    };
  }
}

const holder = globalThis as unknown as { __opsdeckSlowQueries?: SlowQueryRecorder };

/** This process's recorder; lib/boot.ts makes it observe every query of the app's pool. */
export function slowQueryRecorder(): SlowQueryRecorder {
  holder.__opsdeckSlowQueries ??= new SlowQueryRecorder(getConfig().SLOW_QUERY_MS);
  return holder.__opsdeckSlowQueries;
}

/**
 * The metrics hook: `onSlowQuery(({ durationMs, route }) => counter.inc({ route }))`.
 * Returns the unsubscribe function.
 */
export function onSlowQuery(listener: (event: SlowQueryEvent) => void): () => void {
  return slowQueryRecorder().onSlowQuery(listener);
}

/** Slow queries seen and dropped (over a cap) by this process since it started. */
export function slowQueryCounters(): { slow: number; dropped: number } {
  return { ...slowQueryRecorder().totals };
}
