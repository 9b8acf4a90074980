import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

// A real primary and a real streaming standby from Debian's PostgreSQL binaries (initdb,
// pg_basebackup -R, pg_ctl), in temporary directories on free loopback ports. As root the
// servers run as the `postgres` system user (PostgreSQL refuses root).

export type Cluster = { primaryUrl: string; replicaUrl: string; stopReplica(): void; startReplica(): void; stop(): void };

function bindir(): string {
  const fromEnv = process.env.PG_BINDIR;
  if (fromEnv) return fromEnv;
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, "bin", "pg_basebackup"))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error("the replica test needs PostgreSQL server binaries with pg_basebackup (apt-get install postgresql, or PG_BINDIR)");
  return path.join(root, newest, "bin");
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startPrimaryWithReplica(): Promise<Cluster> {
  const bin = bindir();
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot ? { uid: Number(execFileSync("id", ["-u", "postgres"]).toString()), gid: Number(execFileSync("id", ["-g", "postgres"]).toString()) } : {};
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "opsdeck-replica-"));
  fs.chmodSync(base, 0o755);
  if (asRoot) fs.chownSync(base, ids.uid!, ids.gid!);
  const primaryDir = path.join(base, "primary");
  const replicaDir = path.join(base, "replica");
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(path.join(bin, cmd), args, { ...ids, cwd: base, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr || r.stdout}`);
  };
  const options = (port: number) => `-c port=${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${base} -c fsync=off -c wal_level=replica -c max_wal_senders=4 -c hot_standby=on -c wal_receiver_status_interval=1s`;
  run("initdb", ["-D", primaryDir, "-U", "postgres", "--auth=trust", "--no-sync"]);
  run("pg_ctl", ["-D", primaryDir, "-o", options(primaryPort), "-w", "-l", path.join(base, "primary.log"), "start"]);
  run("pg_basebackup", ["-h", "127.0.0.1", "-p", String(primaryPort), "-U", "postgres", "-D", replicaDir, "-R", "-X", "stream", "--no-sync"]);
  const startReplica = () => run("pg_ctl", ["-D", replicaDir, "-o", options(replicaPort), "-w", "-l", path.join(base, "replica.log"), "start"]);
  const stopReplica = () => run("pg_ctl", ["-D", replicaDir, "-m", "fast", "-w", "stop"]);
  startReplica();
  return {
    primaryUrl: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
    replicaUrl: `postgres://postgres@127.0.0.1:${replicaPort}/postgres`,
    startReplica,
    stopReplica,
    stop: () => {
      for (const dir of [replicaDir, primaryDir]) spawnSync(path.join(bin, "pg_ctl"), ["-D", dir, "-m", "immediate", "-w", "stop"], { ...ids });
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}
