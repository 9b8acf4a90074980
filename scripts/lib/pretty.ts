import pretty from "pino-pretty";

/** Readable log lines for `npm run dev` and `npm run demo`: one line each, colours on a terminal. */
export function prettyLogStream() {
  return pretty({ colorize: Boolean(process.stdout.isTTY), singleLine: true, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname,service", destination: 1, sync: true });
}
