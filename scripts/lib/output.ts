import pino from "pino";
import { createLogger, setLogger } from "../../lib/log/logger";

// What a command prints for the person running it: results on stdout (scripts pipe them:
// `api-key create … | tail -n 1`), diagnostics on stderr. Log lines the library writes while
// a command runs go to stderr too, so they never mix into a command's output.

export const say = (line: string): void => void process.stdout.write(`${line}\n`);
export const complain = (line: string): void => void process.stderr.write(`${line}\n`);

export function logToStderr(): void {
  setLogger(createLogger(pino.destination({ fd: 2, sync: true })));
}
