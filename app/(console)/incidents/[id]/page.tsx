import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { z } from "zod";
import { AuditHistoryLink } from "@/components/audit/history-link";
import { ActiveMutesNotice } from "@/components/alerts/active-mutes";
import { IncidentActions, IncidentNoteForm } from "@/components/incidents/incident-actions";
import { IncidentStatusBadge, SeverityBadge, SuppressedBadge } from "@/components/incidents/incident-badges";
import { IncidentContextPanel, IncidentContextSkeleton } from "@/components/incidents/incident-context";
import { IncidentDeliveries } from "@/components/incidents/incident-deliveries";
import { IncidentTimeline } from "@/components/incidents/incident-timeline";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { requirePage } from "@/lib/auth/page-access";
import { hasScope } from "@/lib/auth/principal";
import { NotFoundError } from "@/lib/errors";
import { getIncident } from "@/lib/incidents/queries";

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: "Incident" };

export default async function IncidentPage({ params }: Props) {
  // Before anything streams: an anonymous visit must answer 307, not a 200 shell.
  const access = await requirePage("/incidents");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const incident = await getIncident(access, id).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const canAct = hasScope(access.principal, "incidents:write");
  const labels = Object.entries(incident.labels);
  return (
    <>
      <PageHeader
        title={incident.title}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <IncidentStatusBadge status={incident.status} />
            <SeverityBadge severity={incident.severity} />
            <SuppressedBadge by={incident.suppressedBy} />
            <span>
              started <Time iso={incident.startedAt} />
            </span>
            {incident.acknowledgedBy ? <span data-testid="acknowledged-by">acknowledged by {incident.acknowledgedBy}</span> : null}
            {incident.resolvedAt ? (
              <span>
                resolved <Time iso={incident.resolvedAt} />
                {incident.resolvedBy ? ` by ${incident.resolvedBy}` : ""}
              </span>
            ) : null}
            {hasScope(access.principal, "audit:read") ? <AuditHistoryLink targetType="incident" targetId={incident.id} /> : null}
          </span>
        }
        actions={
          <>
            <LiveIndicator renderedAt={new Date().toISOString()} />
            {canAct ? <IncidentActions incident={{ id: incident.id, title: incident.title, status: incident.status }} /> : null}
          </>
        }
      />
      <div className="flex flex-col gap-4">
        <Card>
          <CardHeader>
            <CardTitle>Details</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-2 text-sm wrap-anywhere">
            {incident.summary ? <p>{incident.summary}</p> : null}
            <p className="text-muted-foreground">
              {incident.ruleName ? <>Rule <Link href="/alerts" className="underline underline-offset-4">{incident.ruleName}</Link></> : "Its rule was deleted"}
              {incident.project ? <> · project <Link href={`/projects/${incident.project}`} className="underline underline-offset-4">{incident.project}</Link></> : null}
              {incident.value !== null ? ` · value ${incident.value}` : ""}
              {incident.snoozedUntil && new Date(incident.snoozedUntil) > new Date() ? <> · snoozed until <Time iso={incident.snoozedUntil} /></> : null}
            </p>
            {labels.length ? (
              <ul aria-label="Labels" className="flex flex-wrap gap-1">
                {labels.map(([k, v]) => (
                  <li key={k} className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs wrap-anywhere">
                    {k}={v}
                  </li>
                ))}
              </ul>
            ) : null}
            {incident.status !== "resolved" ? <ActiveMutesNotice access={access} labels={incident.labels} /> : null}
          </CardContent>
        </Card>
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
          <IncidentTimeline timeline={incident.timeline} />
          <Suspense fallback={<IncidentContextSkeleton />}>
            <IncidentContextPanel access={access} id={incident.id} />
          </Suspense>
        </div>
        <IncidentDeliveries deliveries={incident.deliveries} />
        {canAct ? (
          <Card>
            <CardHeader>
              <CardTitle>Add a note</CardTitle>
            </CardHeader>
            <CardContent>
              <IncidentNoteForm id={incident.id} />
            </CardContent>
          </Card>
        ) : null}
      </div>
    </>
  );
}
