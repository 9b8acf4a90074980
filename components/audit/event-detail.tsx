import { Link } from "@/components/ui/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { diffRows } from "@/lib/audit/diff";
import type { AuditEventDto } from "@/lib/audit/dto";
import { actorHref, auditHistoryHref, requestHrefs, targetHref } from "@/lib/audit/links";
import { actionTone } from "./audit-table";
import { Time } from "@/components/ui/time";
import { cn } from "@/lib/ui/cn";

const link = "font-medium text-primary underline-offset-4 hover:underline";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_minmax(0,1fr)] gap-2 py-1 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

/** The detail panel: who, what, where from, and the before/after of each changed field side by side. */
export function EventDetail({ event, slugs, closeHref, className }: { event: AuditEventDto; slugs: Map<string, string>; closeHref: string; className?: string }) {
  const target = targetHref(event, slugs);
  const actor = actorHref(event);
  const request = requestHrefs(event.requestId);
  const rows = diffRows(event.changes);
  return (
    <Card aria-labelledby="event-title" className={cn("self-start 2xl:sticky 2xl:top-4", className)}>
      <CardHeader className="flex-row items-start justify-between">
        <div className="flex flex-col gap-1">
          <CardTitle id="event-title">Event {event.seq}</CardTitle>
          <CardDescription>
            <Badge tone={actionTone(event.action)}>{event.action}</Badge> at <Time iso={event.occurredAt} mode="exact" />
          </CardDescription>
        </div>
        <Link href={closeHref} scroll={false} className={link} aria-label="Close event details">
          Close
        </Link>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <dl>
          <Row label="Actor">
            {event.actorType} · {actor ? <Link href={actor} className={link}>{event.actorLabel ?? event.actorId}</Link> : (event.actorLabel ?? event.actorId ?? "—")}
          </Row>
          <Row label="Target">
            {event.targetType ? `${event.targetType} · ` : ""}
            {target ? <Link href={target} className={link}>{event.targetLabel ?? event.targetId}</Link> : (event.targetLabel ?? event.targetId ?? "—")}
            {event.targetType && event.targetId ? (
              <> · <Link href={auditHistoryHref(event.targetType, event.targetId)} className={link}>history</Link></>
            ) : null}
          </Row>
          <Row label="Project">{event.projectId ? (slugs.get(event.projectId) ?? event.projectId) : "—"}</Row>
          <Row label="From">{[event.ip, event.userAgent].filter(Boolean).join(" · ") || "—"}</Row>
          <Row label="Request">
            {request ? (
              <>
                <code className="font-mono text-xs">{event.requestId}</code> · <Link href={request.metrics} className={link}>metrics</Link> ·{" "}
                <Link href={request.queries} className={link}>queries</Link>
              </>
            ) : "—"}
          </Row>
          <Row label="Hash">
            <code className="font-mono text-xs break-all">{event.hash}</code>
          </Row>
        </dl>
        <section aria-label="Changes">
          <h3 className="mb-2 text-sm font-semibold">Changes</h3>
          {rows.length === 0 ? (
            <p className="text-sm text-muted-foreground">No field changes recorded for this event.</p>
          ) : (
            <table className="w-full table-fixed border-collapse text-xs" data-testid="event-diff">
              <thead>
                <tr className="border-b text-left text-muted-foreground">
                  <th scope="col" className="w-24 py-1 pr-2 font-medium">Field</th>
                  <th scope="col" className="py-1 pr-2 font-medium">Before</th>
                  <th scope="col" className="py-1 font-medium">After</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.field} className="border-b align-top last:border-0">
                    <th scope="row" className="py-1 pr-2 text-left font-mono font-normal">{r.field}</th>
                    <td className="py-1 pr-2"><pre className="font-mono break-words whitespace-pre-wrap text-danger-soft-foreground">{r.before ?? "—"}</pre></td>
                    <td className="py-1"><pre className="font-mono break-words whitespace-pre-wrap text-success-soft-foreground">{r.after ?? "—"}</pre></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </CardContent>
    </Card>
  );
}
