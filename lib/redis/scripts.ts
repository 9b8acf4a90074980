import { createHash } from "node:crypto";
import type IORedis from "ioredis";
import { whenReady } from "./connection";

// Lua scripts on a self-hosted Redis for libraries written against Upstash's client
// (@upstash/ratelimit): the `eval`/`evalsha` they call, on one ioredis connection.

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/**
 * The library's scripts start with `#!lua flags=allow-key-locking`, a flag Upstash knows and
 * Redis 7.0 rejects ("Unexpected flag in script shebang"). Without a shebang line the
 * scripts run with classic EVAL semantics, which is what they are written for (every key
 * they touch is passed in KEYS), on Redis 6.2 and later.
 */
export function portableScript(script: string): string {
  return script.replace(/^\s*#!lua[^\n]*\n/, "");
}

/**
 * What @upstash/ratelimit's single-region algorithms call on their redis (see
 * node_modules/@upstash/ratelimit/dist/index.js, `safeEval`): `evalsha(hash, keys, args)`,
 * then `eval(script, keys, args)` when the answer mentions NOSCRIPT. `get`/`set` are only
 * used by dynamic limits (off here) but are part of the type the constructor asks for.
 * `hset`/`multi` belong to multi-region and deny lists, which we do not use.
 */
export class IoRedisAdapter {
  /** The library's script hash → the hash of the script as we sent it (portableScript). */
  private readonly sentHashes = new Map<string, string>();

  constructor(
    private readonly client: IORedis,
    private readonly timeoutMs: number,
  ) {}

  async eval(script: string, keys: string[], args: unknown[]): Promise<unknown> {
    await whenReady(this.client, this.timeoutMs);
    const sent = portableScript(script);
    this.sentHashes.set(sha1(script), sha1(sent));
    return this.client.eval(sent, keys.length, ...keys, ...args.map(toArgument));
  }

  async evalsha(hash: string, keys: string[], args: unknown[]): Promise<unknown> {
    await whenReady(this.client, this.timeoutMs);
    // An unknown hash answers NOSCRIPT, and the library then sends the script with eval.
    return this.client.evalsha(this.sentHashes.get(hash) ?? hash, keys.length, ...keys, ...args.map(toArgument));
  }

  async get(key: string): Promise<string | null> {
    await whenReady(this.client, this.timeoutMs);
    return this.client.get(key);
  }

  async set(key: string, value: unknown): Promise<string | null> {
    await whenReady(this.client, this.timeoutMs);
    return this.client.set(key, String(toArgument(value)));
  }
}

// The library passes numbers and, for resets, a null ARGV; Redis arguments are strings.
const toArgument = (v: unknown): string | number => (typeof v === "number" ? v : v == null ? "" : String(v));
