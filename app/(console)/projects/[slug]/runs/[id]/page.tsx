import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound, redirect } from "next/navigation";
import { Suspense } from "react";
import { z } from "zod";
import { RetryChain, RetryChainSkeleton } from "@/components/runs/retry-chain";
import { RunActions } from "@/components/runs/run-actions";
import { RunDetails } from "@/components/runs/run-details";
import { RunLiveStatus } from "@/components/runs/run-live-status";
import { RunLogs } from "@/components/runs/run-logs";
import { RunTimeline } from "@/components/runs/run-timeline";
import { Badge, RunStatusBadge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { AuditHistoryLink } from "@/components/audit/history-link";
import { requirePage } from "@/lib/auth/page-access";
import { hasScope } from "@/lib/auth/principal";
import { NotFoundError } from "@/lib/errors";
import { getRun } from "@/lib/runs/queries";
import { ACTIVE_STATUSES } from "@/lib/runs/state-machine";

type Props = { params: Promise<{ slug: string; id: string }> };

export const metadata: Metadata = { title: "Run" };

export default async function RunPage({ params }: Props) {
  // Before anything streams: an anonymous visit must answer 307, not a 200 shell.
  const access = await requirePage("/projects");
  const { slug, id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const run = await getRun(access, id).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  // One address per run: a link with another project's slug goes to the right one.
  if (run.projectSlug !== slug) redirect(`/projects/${run.projectSlug}/runs/${run.id}`);
  const active = ACTIVE_STATUSES.includes(run.status);
  const cancelRequested = run.cancelRequestedAt !== null && run.status === "running";
  return (
    <>
      <PageHeader
        title={run.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <RunStatusBadge status={run.status} />
            {cancelRequested ? <Badge tone="warning">cancel requested</Badge> : null}
            <span>
              in{" "}
              <Link href={`/projects/${run.projectSlug}`} className="underline underline-offset-4">
                {run.projectSlug}
              </Link>
            </span>
            {hasScope(access.principal, "audit:read") ? <AuditHistoryLink targetType="run" targetId={run.id} /> : null}
          </span>
        }
        actions={
          hasScope(access.principal, "runs:write") ? (
            <RunActions run={{ id: run.id, name: run.name, status: run.status, cancelRequested: run.cancelRequestedAt !== null }} />
          ) : null
        }
      />
      {active ? <RunLiveStatus runId={run.id} status={run.status} cancelRequested={run.cancelRequestedAt !== null} /> : null}
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <RunTimeline run={run} />
        <RunDetails run={run} />
        <Suspense fallback={<RetryChainSkeleton />}>
          <RetryChain access={access} run={run} />
        </Suspense>
      </div>
      <RunLogs runId={run.id} active={active} />
    </>
  );
}
