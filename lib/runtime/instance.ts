import os from "node:os";

// One id per process, for metrics rows and job lock holders: host, pid and a random tail
// (a restarted process with a recycled pid is still a new instance).
const holder = globalThis as unknown as { __opsdeckInstanceId?: string };

export function instanceId(): string {
  holder.__opsdeckInstanceId ??= `${os.hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
  return holder.__opsdeckInstanceId;
}
