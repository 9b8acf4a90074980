import type { Metadata } from "next";
import { Suspense } from "react";
import { HealthBoard } from "@/components/health/health-board";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/page-access";

export const metadata: Metadata = { title: "Health" };

export default async function HealthPage() {
  const access = await requirePage("/health");
  return (
    <>
      <PageHeader title="Health" description="The console's own components and the services your team registered." actions={<LiveIndicator renderedAt={new Date().toISOString()} />} />
      <Suspense fallback={<p className="text-sm text-muted-foreground" role="status">Checking components and monitors…</p>}>
        <HealthBoard access={access} />
      </Suspense>
    </>
  );
}
