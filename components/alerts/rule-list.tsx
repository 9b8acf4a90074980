import { Link } from "@/components/ui/link";
import { alertsHref } from "@/app/(console)/alerts/search-params";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { KIND_LABELS, type AlertKind } from "@/lib/alerts/schemas";
import type { AlertRuleDto } from "@/lib/alerts/rules";
import { formatDuration } from "@/lib/ui/format";
import { SeverityBadge } from "@/components/incidents/incident-badges";
import { DeleteRuleButton } from "./rule-buttons";

const paramText = (params: Record<string, unknown>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(" · ");

export function RuleList({ rules, channels, monitors, canWrite }: { rules: AlertRuleDto[]; channels: Map<string, string>; monitors: Map<string, string>; canWrite: boolean }) {
  if (rules.length === 0) {
    return <EmptyState title="No alert rules yet" description={canWrite ? "Create one above: pick a signal, a condition and the channels to tell." : "An operator or admin creates rules; you will see them here."} />;
  }
  return (
    <Table scrollLabel="Alert rules">
      <TableHeader>
        <TableRow>
          <TableHead>Rule</TableHead>
          <TableHead>Condition</TableHead>
          <TableHead>Scope</TableHead>
          <TableHead>Channels</TableHead>
          <TableHead>State</TableHead>
          {canWrite ? <TableHead>Actions</TableHead> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rules.map((r) => (
          <TableRow key={r.id} data-testid="rule-row">
            <TableCell>
              <p className="font-medium">{r.name}</p>
              <span className="flex flex-wrap gap-1">
                <SeverityBadge severity={r.severity} />
                {Object.entries(r.labels).map(([k, v]) => (
                  <span key={k} className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">
                    {k}={v}
                  </span>
                ))}
              </span>
            </TableCell>
            <TableCell className="text-sm">
              <p>{KIND_LABELS[r.kind as AlertKind] ?? r.kind}</p>
              <p className="text-xs text-muted-foreground">
                {paramText(r.params)}
                {r.forSeconds > 0 ? ` · for ${formatDuration(r.forSeconds)}` : " · at once"}
              </p>
            </TableCell>
            <TableCell className="text-sm">
              {r.project ? <p className="font-mono text-xs">{r.project}</p> : null}
              {r.monitorId ? <p>{monitors.get(r.monitorId) ?? "a deleted monitor"}</p> : null}
              {!r.project && !r.monitorId ? <span className="text-muted-foreground">everything</span> : null}
              {r.muteDuringDeploysOf ? <p className="text-xs text-muted-foreground">muted while {r.muteDuringDeploysOf} deploys</p> : null}
            </TableCell>
            <TableCell className="text-sm">{r.channelIds.length ? r.channelIds.map((id) => channels.get(id) ?? "?").join(", ") : <span className="text-muted-foreground">none</span>}</TableCell>
            <TableCell>
              {!r.enabled ? <Badge tone="outline">disabled</Badge> : r.firing > 0 ? <Badge tone="danger">firing ({r.firing})</Badge> : <Badge tone="success">ok</Badge>}
            </TableCell>
            {canWrite ? (
              <TableCell>
                <span className="flex gap-2">
                  <Link href={alertsHref({ edit: r.id })} className={buttonClasses({ variant: "outline", size: "sm" })} aria-label={`Edit ${r.name}`}>
                    Edit
                  </Link>
                  <DeleteRuleButton id={r.id} name={r.name} />
                </span>
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
