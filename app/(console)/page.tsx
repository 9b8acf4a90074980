import type { Metadata } from "next";
import { Suspense } from "react";
import { OpenIncidents } from "@/components/incidents/open-incidents";
import { OverviewCards, OverviewCardsSkeleton } from "@/components/overview/overview-cards";
import { RecentAudit } from "@/components/overview/recent-audit";
import { RequestPulse } from "@/components/overview/request-pulse";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { PageHeader } from "@/components/ui/page-header";
import { hasScope } from "@/lib/auth/principal";
import { requirePage } from "@/lib/auth/page-access";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  // Before anything streams: an anonymous visit must answer 307, not a 200 shell.
  const access = await requirePage("/");
  return (
    <>
      <PageHeader title="Overview" description="Projects and runs across the workspace." actions={<LiveIndicator renderedAt={new Date().toISOString()} />} />
      {/* Open incidents first: what needs someone now. In the first paint (one indexed query),
          not streamed: a card of incidents arriving late pushed the whole page down (CLS 0.2). */}
      <div className="mb-4">
        <OpenIncidents access={access} />
      </div>
      <div className="mb-4">
        <RequestPulse access={access} />
      </div>
      <Suspense fallback={<OverviewCardsSkeleton />}>
        <OverviewCards access={access} />
      </Suspense>
      {hasScope(access.principal, "audit:read") ? (
        <div className="mt-4">
          <Suspense fallback={<p className="text-sm text-muted-foreground" role="status">Loading audit events…</p>}>
            <RecentAudit access={access} />
          </Suspense>
        </div>
      ) : null}
    </>
  );
}
