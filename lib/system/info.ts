import "server-only";
import { sql } from "drizzle-orm";
import nextPackage from "next/package.json";
import appPackage from "@/package.json";
import { authorize } from "../auth/authorize";
import type { AccessContext } from "../auth/principal";
import { replicaStatus, type ReplicaStatus } from "../db/replica";
import { getConfig } from "../config";
import { getDb, getPool } from "../db/client";

// What an admin needs to know about this instance, as plain values. Nothing secret leaves
// this module: URLs are reduced to host[:port] (and a database name), tokens and DSNs to
// yes/no. The page renders exactly this DTO.

export type DatabaseKind = "embedded" | "external";

export type SystemInfo = {
  database: {
    kind: DatabaseKind;
    address: string | null;
    /** null when the database could not be queried; `error` then says so. */
    server: { version: string; serverVersion: string; sizeBytes: number; pgStatStatements: { preloaded: boolean | null; installed: boolean } } | null;
    error: string | null;
    pool: { max: number; open: number; idle: number; waiting: number; connectTimeoutMs: number; statementTimeoutMs: number };
    replica: { configured: boolean; address: string | null; status: ReplicaStatus };
  };
  redis: { configured: boolean; address: string | null };
  upstash: { configured: boolean; host: string | null };
  sentryConfigured: boolean;
  signInProviders: { id: "credentials" | "github" | "oidc"; label: string; detail: string | null }[];
  metricsTokenSet: boolean;
  demoMode: boolean;
  runtime: { node: string; next: string; appVersion: string; environment: string; uptimeSeconds: number };
};

/** host[:port], plus "/dbname" when asked; never the user, password or query string. */
export function redactedAddress(url: string | undefined, withPath = false): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    const path = withPath && parsed.pathname.length > 1 ? parsed.pathname : "";
    return parsed.host ? `${parsed.host}${path}` : null;
  } catch {
    return null; // an unparsable URL is shown as "configured", never echoed
  }
}

function redactedHost(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}

/** Set by scripts/serve.ts, which knows whether it started the embedded server. */
function databaseKind(): DatabaseKind {
  return getConfig().OPSDECK_DATABASE_KIND;
}

type ServerRow = { version: string; server_version: string; size_bytes: number; preload: string | null; installed: boolean };

async function readServer(): Promise<SystemInfo["database"]["server"]> {
  const result = await getDb().execute<ServerRow>(sql`
    SELECT version() AS version,
           current_setting('server_version') AS server_version,
           pg_database_size(current_database())::float8 AS size_bytes,
           -- pg_settings hides superuser-only rows instead of failing, unlike current_setting()
           (SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries') AS preload,
           EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements') AS installed`);
  const row = result.rows[0];
  if (!row) return null;
  const preloaded = row.preload === null ? null : row.preload.split(",").some((lib) => lib.trim().replace(/"/g, "") === "pg_stat_statements");
  return {
    version: row.version,
    serverVersion: row.server_version,
    sizeBytes: Number(row.size_bytes),
    pgStatStatements: { preloaded, installed: row.installed },
  };
}

export async function getSystemInfo(ctx: AccessContext): Promise<SystemInfo> {
  await authorize(ctx, "admin", "system:info");
  const config = getConfig();

  let server: SystemInfo["database"]["server"] = null;
  let error: string | null = null;
  try {
    server = await readServer();
  } catch (err) {
    console.error(`[system] reading database information failed: ${err instanceof Error ? err.message : String(err)}`);
    error = "The database could not be queried.";
  }
  const pool = getPool();

  const signInProviders: SystemInfo["signInProviders"] = [{ id: "credentials", label: "Email and password", detail: null }];
  if (config.GITHUB_ID && config.GITHUB_SECRET) signInProviders.push({ id: "github", label: "GitHub", detail: null });
  if (config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET) {
    signInProviders.push({ id: "oidc", label: "Single sign-on (OIDC)", detail: redactedHost(config.OIDC_ISSUER) });
  }

  return {
    database: {
      kind: databaseKind(),
      address: redactedAddress(config.DATABASE_URL, true),
      server,
      error,
      pool: {
        max: config.DATABASE_POOL_MAX,
        open: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
        connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
        statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
      },
      replica: { configured: Boolean(config.DATABASE_REPLICA_URL), address: redactedAddress(config.DATABASE_REPLICA_URL, true), status: replicaStatus() },
    },
    redis: { configured: Boolean(config.REDIS_URL), address: redactedAddress(config.REDIS_URL) },
    upstash: { configured: Boolean(config.UPSTASH_REDIS_REST_URL), host: redactedHost(config.UPSTASH_REDIS_REST_URL) },
    sentryConfigured: Boolean(config.SENTRY_DSN),
    signInProviders,
    metricsTokenSet: Boolean(config.METRICS_TOKEN),
    demoMode: config.OPSDECK_DEMO,
    runtime: {
      node: process.version,
      next: nextPackage.version,
      appVersion: appPackage.version,
      environment: config.NODE_ENV,
      uptimeSeconds: Math.round(process.uptime()),
    },
  };
}
