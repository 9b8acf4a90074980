import type { Metadata } from "next";
import { Suspense } from "react";
import { OverviewCards, OverviewCardsSkeleton } from "@/components/overview/overview-cards";
import { RecentAudit } from "@/components/overview/recent-audit";
import { RequestPulse } from "@/components/overview/request-pulse";
import { PageHeader } from "@/components/ui/page-header";
import { roleAtLeast } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  // Before anything streams: an anonymous visit must answer 307, not a 200 shell.
  const user = await requireUser();
  return (
    <>
      <PageHeader title="Overview" description="Projects and runs across the workspace." />
      <div className="mb-4">
        <Suspense fallback={<p className="text-sm text-muted-foreground" role="status">Loading request metrics…</p>}>
          <RequestPulse user={user} />
        </Suspense>
      </div>
      <Suspense fallback={<OverviewCardsSkeleton />}>
        <OverviewCards user={user} />
      </Suspense>
      {roleAtLeast(user.role, "admin") ? (
        <div className="mt-4">
          <Suspense fallback={<p className="text-sm text-muted-foreground" role="status">Loading audit events…</p>}>
            <RecentAudit user={user} />
          </Suspense>
        </div>
      ) : null}
    </>
  );
}
