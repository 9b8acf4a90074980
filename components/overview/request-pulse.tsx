import { Suspense } from "react";
import { Link } from "@/components/ui/link";
import { RowsSkeleton } from "@/components/ui/skeleton";
import { fmtPercent, fmtRate, fmtSeconds } from "@/components/metrics/format";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { AccessContext } from "@/lib/auth/principal";
import { getHealthSummary } from "@/lib/health/summary";
import { requestPulse } from "@/lib/metrics/history";

const TONE = { healthy: "success", degraded: "warning", unhealthy: "danger" } as const;

/**
 * Request rate, error rate and p95 over the last hour (from the metrics history), and the
 * health verdict. The card and its description are in the page's first paint; only the
 * numbers stream in (they were the page's largest text, and arrived last).
 */
export function RequestPulse({ access }: { access: AccessContext }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Last hour</CardTitle>
        <CardDescription>Requests across all instances (flushed each minute), and the console&apos;s own health.</CardDescription>
      </CardHeader>
      <CardContent>
        <Suspense fallback={<RowsSkeleton label="Loading request metrics…" rows={1} rowClassName="h-[7.5rem] rounded-md bg-muted/60 sm:h-[3.25rem]" />}>
          <PulseTiles access={access} />
        </Suspense>
      </CardContent>
    </Card>
  );
}

async function PulseTiles({ access }: { access: AccessContext }) {
  const [pulse, health] = await Promise.all([requestPulse(access), getHealthSummary()]);
  const tiles: [string, string][] = [
    ["Request rate", pulse.requests === 0 ? "–" : fmtRate(pulse.ratePerSecond)],
    ["Error rate", fmtPercent(pulse.errorRate)],
    ["p95 latency", fmtSeconds(pulse.p95)],
  ];
  return (
    <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
      {tiles.map(([label, value]) => (
        <div key={label}>
          <dt className="text-sm text-muted-foreground">{label}</dt>
          <dd className="text-2xl font-semibold tabular-nums">{value}</dd>
        </div>
      ))}
      <div>
        <dt className="text-sm text-muted-foreground">Console</dt>
        <dd className="pt-1">
          <Link href="/health" className="underline">
            <Badge tone={TONE[health.status]}>{health.status}</Badge>
          </Link>
        </dd>
      </div>
    </dl>
  );
}
