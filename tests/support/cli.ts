import { spawn } from "node:child_process";
import path from "node:path";

// The real CLI (`npm run cli`) in a child process, against the calling test file's database.

const root = path.resolve(import.meta.dirname, "../..");
export type Outcome = { code: number | null; stdout: string; stderr: string };

export function cli(args: string[], stdin = "", extraEnv: Record<string, string> = {}): Promise<Outcome> {
  // The child reads its configuration from the environment; test-only OPSDECK_* settings
  // (OPSDECK_TEST_DATA_DIR) would be refused as unknown, so none are passed on.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("OPSDECK_")) delete env[key];
  Object.assign(env, extraEnv);
  const child = spawn("npx", ["tsx", "--conditions=react-server", "scripts/cli.ts", ...args], { cwd: root, env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    // npx may warn about the machine's npm config; only the CLI's own lines are under test.
    child.on("close", (code) => resolve({ code, stdout, stderr: stderr.replace(/^npm warn .*\n/gm, "") }));
  });
}

export const CLI_TIMEOUT = 60_000;
