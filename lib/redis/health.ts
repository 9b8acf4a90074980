import type IORedis from "ioredis";
import { connectRedis } from "./connection";

// The readiness probe's own Redis connection: one per URL, kept across checks (and Next's
// module instances), never retrying a command, so a PING answers or fails within its deadline.

const holder = globalThis as unknown as { __opsdeckHealthRedis?: Map<string, IORedis> };

function healthRedis(url: string, timeoutMs: number): IORedis {
  const clients = (holder.__opsdeckHealthRedis ??= new Map());
  let client = clients.get(url);
  if (!client) {
    client = connectRedis(url, timeoutMs, "opsdeck-health", { maxRetriesPerRequest: 0 });
    clients.set(url, client);
  }
  return client;
}

/** PING; the connection is made on first use and reconnects on its own. Callers bound the wait. */
export async function pingRedis(url: string, timeoutMs: number): Promise<void> {
  const client = healthRedis(url, timeoutMs);
  if (client.status === "wait" || client.status === "end") await client.connect();
  const reply = await client.ping();
  if (reply !== "PONG") throw new Error("unexpected PING reply");
}

/** Closes the health Redis connections (tests). */
export function closeHealthRedis(): void {
  for (const client of holder.__opsdeckHealthRedis?.values() ?? []) client.disconnect();
  holder.__opsdeckHealthRedis?.clear();
}
