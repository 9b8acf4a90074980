import { getPool } from "../db/client";

export type ComponentStatus = { status: "up" | "down"; latencyMs: number; error?: string };

/** Races a check against a hard deadline, so a hung dependency yields "down" instead of a hung request. */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
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

export async function checkDatabase(timeoutMs = 1_500): Promise<ComponentStatus> {
  const started = performance.now();
  try {
    await withDeadline(getPool().query("SELECT 1"), timeoutMs, "database");
    return { status: "up", latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    // Only the message: never a connection string or a stack.
    const message = err instanceof Error ? err.message : "unreachable";
    return { status: "down", latencyMs: Math.round(performance.now() - started), error: message.replace(/postgres(ql)?:\/\/\S+/g, "[url]") };
  }
}
