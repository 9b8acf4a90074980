import { Client } from "pg";
import { LruCache } from "../cache/lru";
import { errorField, log } from "../log/logger";

// Found API key rows, cached in this process so a request with a known key costs no lookup
// round trip — but only while this process LISTENs for api_keys changes (drizzle/0014: a
// trigger notifies at commit on every change that can refuse a key, whoever makes it). The
// rule that keeps revocation prompt:
//   - no listener, no cache: until LISTEN is confirmed, after any connection error, a missed
//     health ping or a close, every lookup reads the row, as if there were no cache;
//   - every notification, and every (re)connection, empties the cache;
//   - a lookup that started before an emptying is not stored (a generation counter);
//   - entries live at most TTL_MS whatever happens (the bound if a notification were lost
//     on a connection that still answers pings).
// A revocation made in this process empties the cache itself after its commit (forget()), so
// it holds on the very next request; one made elsewhere holds once the notification arrives
// (milliseconds: tests/api-key-cache.test.ts measures it).

export const API_KEY_CHANNEL = "opsdeck_api_keys";

export type KeyCacheOptions = { connectionString: string; connectTimeoutMs: number };

const MAX_ENTRIES = 10_000;
const TTL_MS = 60_000;
/** How often the listening connection is asked to answer; a missed answer counts as down. */
const PING_EVERY_MS = 10_000;
/** The longest pause before a reconnection attempt (doubling from 250 ms). */
const MAX_BACKOFF_MS = 30_000;

export type KeyCacheStatus = {
  listening: boolean;
  entries: number;
  hits: number;
  misses: number;
  /** Times the cache was emptied: notifications, (re)connections, local revocations. */
  flushes: number;
  notifications: number;
  connections: number;
};

export class KeyCache<Row> {
  private readonly entries = new LruCache<Row>(MAX_ENTRIES);
  private client: Client | undefined;
  private listening = false;
  private closed = false;
  private started = false;
  private gen = 0;
  private backoffMs = 250;
  private retry: NodeJS.Timeout | undefined;
  private ping: NodeJS.Timeout | undefined;
  private readonly counts = { hits: 0, misses: 0, flushes: 0, notifications: 0, connections: 0 };
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly options: KeyCacheOptions) {}

  /** Starts listening (once; later calls do nothing). Lookups are uncached until it succeeds. */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    void this.connect();
  }

  /** Read before the lookup's query, handed back to store(): a flush in between voids the store. */
  generation(): number {
    return this.gen;
  }

  get(hash: string): Row | undefined {
    if (!this.listening) return undefined;
    const row = this.entries.get(hash);
    if (row === undefined) this.counts.misses++;
    else this.counts.hits++;
    return row;
  }

  store(hash: string, row: Row, generation: number): void {
    if (this.listening && generation === this.gen) this.entries.set(hash, row, TTL_MS);
  }

  /** Empties the cache and voids lookups in flight. */
  forget(): void {
    this.gen++;
    this.counts.flushes++;
    this.entries.clear();
  }

  status(): KeyCacheStatus {
    return { listening: this.listening, entries: this.listening ? this.entries.size : 0, ...this.counts };
  }

  /** Resolves once the cache is listening (tests wait for it). */
  async ready(): Promise<void> {
    if (this.listening) return;
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.down();
    clearTimeout(this.retry);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new Client({
      connectionString: this.options.connectionString,
      connectionTimeoutMillis: this.options.connectTimeoutMs,
      keepAlive: true,
      application_name: "opsdeck key cache",
    });
    this.client = client;
    client.on("notification", (message) => {
      if (message.channel !== API_KEY_CHANNEL || client !== this.client) return;
      this.counts.notifications++;
      this.forget();
    });
    client.on("error", (err) => this.lost(client, err));
    client.on("end", () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${API_KEY_CHANNEL}`);
    } catch (err) {
      this.lost(client, err);
      return;
    }
    if (client !== this.client || this.closed) return;
    // Changes made while nobody listened were not heard: start from empty.
    this.forget();
    this.listening = true;
    if (this.counts.connections > 0) log("api-keys").info("API key cache listening again");
    this.backoffMs = 250;
    this.counts.connections++;
    this.schedulePing(client);
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  private schedulePing(client: Client): void {
    this.ping = setTimeout(() => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("the key cache's listening connection did not answer a ping")), this.options.connectTimeoutMs);
      });
      Promise.race([client.query("SELECT 1"), timeout])
        .then(() => client === this.client && this.schedulePing(client))
        .catch((err) => this.lost(client, err))
        .finally(() => clearTimeout(timer));
    }, PING_EVERY_MS);
    this.ping.unref();
  }

  /** The listening connection is gone (or never came): no cache until a new one listens. */
  private lost(client: Client, err?: unknown): void {
    if (client !== this.client) return;
    // Said once when listening stops, not on every failed reconnection during an outage.
    if (this.listening && !this.closed) log("api-keys").warn({ err: err ? errorField(err) : undefined }, "API key cache stopped listening; lookups read the database until it reconnects");
    this.down();
    if (this.closed) return;
    const wait = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    this.retry = setTimeout(() => void this.connect(), wait);
    this.retry.unref();
  }

  private down(): void {
    const client = this.client;
    this.client = undefined;
    this.listening = false;
    clearTimeout(this.ping);
    this.forget();
    client?.end().catch(() => undefined);
  }
}
