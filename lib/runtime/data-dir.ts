import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Secrets generated once per data directory and kept there (mode 600). */
export type DataDirSecrets = { postgresPassword: string; nextauthSecret: string };

export function resolveDataDir(dir: string): string {
  const resolved = path.resolve(dir);
  fs.mkdirSync(resolved, { recursive: true, mode: 0o755 });
  return resolved;
}

export function loadSecrets(dataDir: string): DataDirSecrets {
  const file = path.join(resolveDataDir(dataDir), "secrets.json");
  let current: Partial<DataDirSecrets> = {};
  if (fs.existsSync(file)) current = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<DataDirSecrets>;
  const secrets: DataDirSecrets = {
    postgresPassword: current.postgresPassword ?? randomBytes(24).toString("base64url"),
    nextauthSecret: current.nextauthSecret ?? randomBytes(32).toString("base64url"),
  };
  if (secrets.postgresPassword !== current.postgresPassword || secrets.nextauthSecret !== current.nextauthSecret) {
    // Write-then-rename so a crash mid-write cannot leave a half file that locks us out.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, file);
  }
  return secrets;
}
