import type { HealthSummary } from "@/lib/health/summary";
import { Badge } from "@/components/ui/badge";
import { formatBytes } from "@/lib/ui/format";

const TONE = { healthy: "success", degraded: "warning", unhealthy: "danger" } as const;
const up = (s: "up" | "down") => <Badge tone={s === "up" ? "success" : "danger"}>{s}</Badge>;

/** The console's own components, from the cached /api/health summary. */
export function ConsoleComponents({ summary }: { summary: HealthSummary }) {
  const d = summary.detail;
  const rows: [string, React.ReactNode, string][] = [
    ["Database", up(d.database.status), `${d.database.latencyMs} ms · pool ${d.database.pool.total}/${d.database.pool.max}, ${d.database.pool.idle} idle, ${d.database.pool.waiting} waiting${d.database.error ? ` · ${d.database.error}` : ""}`],
    ["Redis", d.redis.configured ? up(d.redis.status) : <Badge tone="neutral">not configured</Badge>, d.redis.configured ? `${d.redis.latencyMs} ms${d.redis.error ? ` · ${d.redis.error}` : ""}` : "Single instance: caches and limits stay in this process"],
    ["Rate limiting", <Badge key="rl" tone="info">{d.rateLimit.backend}</Badge>, `${d.rateLimit.failures} backend failures since start`],
    ["Error reporting", <Badge key="s" tone={d.sentry.configured ? "success" : "neutral"}>{d.sentry.configured ? "Sentry" : "off"}</Badge>, d.sentry.configured ? "SENTRY_DSN is set" : "Set SENTRY_DSN to report errors"],
    ["Memory", <Badge key="m" tone="neutral">{formatBytes(d.memory.rssBytes)}</Badge>, `heap ${formatBytes(d.memory.heapUsedBytes)} of ${formatBytes(d.memory.heapTotalBytes)}`],
    ["Disk", <Badge key="d" tone="neutral">{d.disk ? formatBytes(d.disk.freeBytes) : "–"}</Badge>, d.disk ? `free of ${formatBytes(d.disk.totalBytes)} at ${d.disk.path}` : "not readable"],
    ["Event loop", <Badge key="e" tone={d.eventLoop.lagP99Ms > 500 ? "warning" : "success"}>{`${d.eventLoop.lagP99Ms} ms`}</Badge>, "p99 lag since the previous check"],
  ];
  return (
    <div className="flex flex-col gap-3">
      <p className="flex items-center gap-2 text-sm">
        Console <Badge tone={TONE[summary.status]}>{summary.status}</Badge>
        <span className="text-muted-foreground">
          version {summary.version} · up {Math.round(summary.uptimeSeconds / 60)} min
        </span>
      </p>
      <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm md:grid-cols-[10rem_8rem_1fr]">
        {rows.map(([label, badge, detail]) => (
          <div key={label} className="contents">
            <dt className="font-medium">{label}</dt>
            <dd>{badge}</dd>
            <dd className="text-muted-foreground">{detail}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
