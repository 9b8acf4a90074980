import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { IncidentDetail } from "@/lib/incidents/queries";
import { Time } from "@/components/ui/time";

const TONE: Record<string, BadgeTone> = { delivered: "success", pending: "warning", dead: "danger", coalesced: "neutral" };

/** Every message sent about the incident, with its delivery outcome (the outbox's log). */
export function IncidentDeliveries({ deliveries }: { deliveries: IncidentDetail["deliveries"] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Notifications</CardTitle>
        <CardDescription>Each message has a stable id receivers dedupe by; failed ones are retried with backoff.</CardDescription>
      </CardHeader>
      <CardContent>
        {deliveries.length === 0 ? (
          <EmptyState title="No notifications" description="The rule names no channels, or the incident was suppressed." />
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Channel</TableHead>
                <TableHead>Message</TableHead>
                <TableHead>Outcome</TableHead>
                <TableHead className="text-right">Attempts</TableHead>
                <TableHead>Last answer</TableHead>
                <TableHead>Queued</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {deliveries.map((d) => (
                <TableRow key={d.id} data-testid="delivery-row">
                  <TableCell>
                    {d.channel} <span className="text-xs text-muted-foreground">({d.channelKind})</span>
                  </TableCell>
                  <TableCell>{d.event}</TableCell>
                  <TableCell>
                    <Badge tone={TONE[d.status] ?? "neutral"}>{d.status}</Badge>
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{d.attempts}</TableCell>
                  <TableCell className="text-sm text-muted-foreground">
                    {d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : d.lastErrorClass ?? (d.status === "pending" ? "not sent yet" : "—")}
                    {d.lastStatusCode && d.lastErrorClass ? ` · ${d.lastErrorClass}` : ""}
                    {d.lastLatencyMs !== null ? ` · ${d.lastLatencyMs} ms` : ""}
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground">
                    <Time iso={d.createdAt} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
