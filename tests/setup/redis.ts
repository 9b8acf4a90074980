import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import IORedis from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { blackhole } from "../support/loopback";

// Redis for tests, without skips: REDIS_URL, else 127.0.0.1:6379, else a redis-server we
// start on a free port; failing all three is a test failure with a message saying so.

export type TestRedis = { url: string; stop: () => Promise<void> };
export type RedisOutage = { url: string; close: () => Promise<void> };

async function answers(url: string, timeoutMs: number): Promise<boolean> {
  const client = new IORedis(url, { lazyConnect: true, enableOfflineQueue: false, connectTimeout: timeoutMs, commandTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function testRedis(): Promise<TestRedis> {
  const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  if (await answers(url, 500)) return { url, stop: async () => undefined };
  const port = await freePort();
  const child: ChildProcess = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const spawnError = new Promise<Error>((resolve) => child.once("error", resolve));
  const started = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    const failed = await Promise.race([spawnError, new Promise<null>((r) => setTimeout(() => r(null), 100))]);
    if (failed) throw new Error(`No Redis answered at ${url} within 500 ms and redis-server could not be started (${failed.message}); set REDIS_URL or install redis-server`);
    if (await answers(started, 500)) {
      return {
        url: started,
        stop: async () => {
          child.kill("SIGTERM");
        },
      };
    }
  }
  child.kill("SIGKILL");
  throw new Error(`No Redis answered at ${url} and the redis-server started on port ${port} did not answer within 5 s`);
}

/** A URL nobody listens on: connections are refused. */
export async function closedPortRedisUrl(): Promise<string> {
  return `redis://127.0.0.1:${await freePort()}`;
}

/** The ways a configured Redis fails, for `describe.each(REDIS_OUTAGES)`: as "when Redis is %s". */
export const REDIS_OUTAGES: [label: string, start: () => Promise<RedisOutage>][] = [
  ["down (connection refused)", async () => ({ url: await closedPortRedisUrl(), close: async () => undefined })],
  [
    "hung (accepts connections, never answers)",
    async () => {
      const hole = await blackhole();
      return { url: `redis://127.0.0.1:${hole.port}`, close: hole.close };
    },
  ],
];

/** Starts the outage before the enclosing describe's tests and ends it after them; call the result for its URL. */
export function useRedisOutage(start: () => Promise<RedisOutage>): () => string {
  let outage: RedisOutage | undefined;
  beforeAll(async () => {
    outage = await start();
  });
  afterAll(async () => {
    await outage?.close();
  });
  return () => outage!.url;
}
