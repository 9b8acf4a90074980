import type { SystemInfo } from "@/lib/system/info";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { formatBytes, formatDuration, formatNumber } from "@/lib/ui/format";
import { InfoList, NotConfigured, YesNo, type InfoRow } from "./info-list";

function InfoCard({ title, rows, className }: { title: string; rows: InfoRow[]; className?: string }) {
  return (
    <Card className={className}>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardContent>
        <InfoList rows={rows} />
      </CardContent>
    </Card>
  );
}

const mono = (text: string) => <code className="font-mono text-xs">{text}</code>;

function databaseRows({ database }: SystemInfo): InfoRow[] {
  const { server } = database;
  const rows: InfoRow[] = [
    { label: "Kind", value: <Badge tone={database.kind === "embedded" ? "info" : "neutral"}>{database.kind}</Badge> },
    { label: "Address", value: database.address ? mono(database.address) : "unknown" },
  ];
  if (!server) return [...rows, { label: "Status", value: <Badge tone="danger">{database.error ?? "unavailable"}</Badge> }];
  return [
    ...rows,
    { label: "Server version", value: `PostgreSQL ${server.serverVersion}` },
    { label: "Build", value: <span className="text-xs text-muted-foreground">{server.version}</span> },
    { label: "Database size", value: formatBytes(server.sizeBytes) },
    { label: "pg_stat_statements preloaded", value: <YesNo value={server.pgStatStatements.preloaded} /> },
    { label: "pg_stat_statements extension", value: <YesNo value={server.pgStatStatements.installed} yes="installed" no="not installed" /> },
    { label: "Read replica", value: database.replica.configured ? mono(database.replica.address ?? "configured") : <NotConfigured /> },
    ...replicaRows(database.replica.status),
  ];
}

function replicaRows(status: SystemInfo["database"]["replica"]["status"]): InfoRow[] {
  if (!status.configured) return [];
  const tone = status.serving ? "success" : "warning";
  const lag = status.lagSeconds === null ? "unknown" : `${status.lagSeconds} s (reads fall back to the primary over ${status.maxLagSeconds} s)`;
  return [
    { label: "Replica state", value: <Badge tone={tone}>{status.serving ? "serving dashboard reads" : `${status.state}: reads on the primary`}</Badge> },
    { label: "Replication lag", value: lag },
    ...(status.error ? [{ label: "Replica error", value: <span className="text-xs text-muted-foreground">{status.error}</span> }] : []),
  ];
}

function poolRows({ database: { pool } }: SystemInfo): InfoRow[] {
  return [
    { label: "Maximum connections", value: formatNumber(pool.max) },
    { label: "Open now", value: `${formatNumber(pool.open)} (${formatNumber(pool.idle)} idle, ${formatNumber(pool.waiting)} waiting)` },
    { label: "Connect timeout", value: `${formatNumber(pool.connectTimeoutMs)} ms` },
    { label: "Statement timeout", value: `${formatNumber(pool.statementTimeoutMs)} ms` },
  ];
}

function cacheRows({ redis, upstash }: SystemInfo): InfoRow[] {
  const limiter = upstash.configured ? "Upstash" : redis.configured ? "Redis" : "in-process (single instance only)";
  return [
    { label: "Redis", value: redis.configured ? mono(redis.address ?? "configured") : <NotConfigured /> },
    { label: "Upstash", value: upstash.configured ? mono(upstash.host ?? "configured") : <NotConfigured /> },
    { label: "Rate limits kept in", value: limiter },
  ];
}

function accessRows(info: SystemInfo): InfoRow[] {
  return [
    {
      label: "Sign-in providers",
      value: (
        <ul className="flex flex-col gap-1">
          {info.signInProviders.map((p) => (
            <li key={p.id}>
              {p.label}
              {p.detail ? <span className="text-muted-foreground"> · {p.detail}</span> : null}
            </li>
          ))}
        </ul>
      ),
    },
    { label: "Metrics token", value: <YesNo value={info.metricsTokenSet} yes="set" no="not set: /api/metrics is open" /> },
    { label: "Sentry", value: <YesNo value={info.sentryConfigured} yes="configured" no="not configured" /> },
    { label: "Demo mode", value: info.demoMode ? <Badge tone="warning">on</Badge> : <Badge tone="neutral">off</Badge> },
  ];
}

function runtimeRows({ runtime }: SystemInfo): InfoRow[] {
  return [
    { label: "Opsdeck", value: runtime.appVersion },
    { label: "Next.js", value: runtime.next },
    { label: "Node.js", value: runtime.node },
    { label: "Environment", value: runtime.environment },
    { label: "Uptime", value: formatDuration(runtime.uptimeSeconds) },
  ];
}

export function SystemCards({ info }: { info: SystemInfo }) {
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
      <InfoCard title="Database" rows={databaseRows(info)} className="lg:row-span-2" />
      <InfoCard title="Connection pool" rows={poolRows(info)} />
      <InfoCard title="Cache and rate limits" rows={cacheRows(info)} />
      <InfoCard title="Access and observability" rows={accessRows(info)} />
      <InfoCard title="Runtime" rows={runtimeRows(info)} />
    </div>
  );
}

/** The page's one-line verdict: what runs where, and since when. */
export function systemSummary({ database, runtime }: SystemInfo): string {
  const db = database.server ? `PostgreSQL ${database.server.serverVersion} (${database.kind})` : `Database unavailable (${database.kind})`;
  return `${db} · Opsdeck ${runtime.appVersion} on Node.js ${runtime.node} · up ${formatDuration(runtime.uptimeSeconds)}`;
}
