import Link from "next/link";
import { fmtPercent, fmtRate, fmtSeconds } from "@/components/metrics/format";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { AccessContext } from "@/lib/auth/principal";
import { getHealthSummary } from "@/lib/health/summary";
import { requestPulse } from "@/lib/metrics/history";

const TONE = { healthy: "success", degraded: "warning", unhealthy: "danger" } as const;

/** Request rate, error rate and p95 over the last hour (from the metrics history), and the health verdict. */
export async function RequestPulse({ access }: { access: AccessContext }) {
  const [pulse, health] = await Promise.all([requestPulse(access), getHealthSummary()]);
  const tiles: [string, string][] = [
    ["Request rate", pulse.requests === 0 ? "–" : fmtRate(pulse.ratePerSecond)],
    ["Error rate", fmtPercent(pulse.errorRate)],
    ["p95 latency", fmtSeconds(pulse.p95)],
  ];
  return (
    <Card>
      <CardHeader>
        <CardTitle>Last hour</CardTitle>
        <CardDescription>
          Requests across all instances (flushed each minute). Console{" "}
          <Link href="/health" className="underline">
            <Badge tone={TONE[health.status]}>{health.status}</Badge>
          </Link>
        </CardDescription>
      </CardHeader>
      <CardContent>
        <dl className="grid grid-cols-3 gap-4">
          {tiles.map(([label, value]) => (
            <div key={label}>
              <dt className="text-sm text-muted-foreground">{label}</dt>
              <dd className="text-2xl font-semibold tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
      </CardContent>
    </Card>
  );
}
