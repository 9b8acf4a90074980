import IORedis, { type Command, type RedisOptions } from "ioredis";
import { endSpan, startClientSpan, tracingEnabled } from "../observability/tracing";
import { log } from "../log/logger";

// The process's Redis plumbing, shared by rate limits, the cache tier and health checks:
// connections that never queue while down, deadlines on every wait, and error text safe to log.

/** Rejects when `work` has not settled within `ms`; the work itself is left to finish or fail on its own. */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Error text safe for logs: credentials inside any URL are masked. */
export function describeError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/(\w+:\/\/)[^@\s/]*@/g, "$1***@").slice(0, 200);
}

/**
 * A new ioredis connection for request-path work: nothing queues while disconnected
 * (commands fail at once instead of waiting for a reconnect), every command and the
 * connect itself are bounded by `timeoutMs`, and reconnects continue in the background.
 */
export function connectRedis(url: string, timeoutMs: number, name: string, extra: RedisOptions = {}): IORedis {
  const client = new IORedis(url, {
    ...extra,
    lazyConnect: true,
    enableOfflineQueue: false,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(100 * 2 ** times, 2_000),
    connectionName: name,
  });
  traceCommands(client);
  // One line when the connection goes down and one when it is back, not one per retry.
  let down = false;
  client.on("error", (err) => {
    if (!down) log(name).warn({ error: describeError(err) }, "redis connection lost");
    down = true;
  });
  client.on("ready", () => {
    if (down) log(name).warn("redis connection restored");
    down = false;
  });
  return client;
}

/**
 * Resolves once the connection is ready, connecting it on first use. While it is known to
 * be down (reconnecting) this fails at once, so an outage costs requests nothing.
 */
export async function whenReady(client: IORedis, timeoutMs: number): Promise<void> {
  if (client.status === "ready") return;
  if (client.status === "wait" || client.status === "end") client.connect().catch(() => undefined);
  if (client.status === "reconnecting" || client.status === "close") throw new Error(`redis is ${client.status}`);
  await new Promise<void>((resolve, reject) => {
    const finish = (err?: Error) => {
      clearTimeout(timer);
      client.off("ready", onReady);
      client.off("close", onClose);
      if (err) reject(err);
      else resolve();
    };
    const onReady = () => finish();
    const onClose = () => finish(new Error("redis connection closed"));
    const timer = setTimeout(() => finish(new Error(`redis not ready within ${timeoutMs} ms`)), timeoutMs);
    client.once("ready", onReady);
    client.once("close", onClose);
  });
}

/**
 * With tracing on, every command is a CLIENT span ("redis EVALSHA", db.system redis,
 * the command name only: never keys or arguments, which can name a caller). Off, the
 * client is left as it is.
 */
function traceCommands(client: IORedis): void {
  if (!tracingEnabled()) return;
  const send = client.sendCommand.bind(client);
  client.sendCommand = ((command: Command, stream?: unknown) => {
    const span = startClientSpan(`redis ${command.name.toUpperCase()}`, { "db.system": "redis", "db.operation": command.name });
    command.promise.then(
      () => endSpan(span),
      (err: unknown) => endSpan(span, err),
    );
    return send(command, stream as never);
  }) as typeof client.sendCommand;
}
