import type { Metadata } from "next";
import { Suspense } from "react";
import { StatusPageForm } from "@/components/status-pages/status-page-form";
import { StatusPageList } from "@/components/status-pages/status-page-list";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { PanelSkeleton } from "@/components/ui/skeleton";
import { requirePage } from "@/lib/auth/page-access";
import { hasRole } from "@/lib/auth/principal";
import { listMonitors } from "@/lib/monitors/mutations";

export const metadata: Metadata = { title: "Status pages" };

export default async function StatusPagesAdmin() {
  // First, before anything streams: a viewer gets an audited 403.
  const access = await requirePage("/admin/status-pages");
  const admin = hasRole(access.principal, "admin");
  const monitors = (await listMonitors(access, { limit: 200 })).data.map((m) => ({ id: m.id, name: m.name, type: m.type }));
  return (
    <>
      <PageHeader title="Status pages" description="Public pages at /status/{slug}: customers see each component's state and the updates you post, never the monitors behind them." />
      <div className="flex flex-col gap-6">
        {admin ? (
          <Card>
            <CardHeader>
              <CardTitle>Create a status page</CardTitle>
              <CardDescription>Components are display names over one or more monitors, in optional groups.</CardDescription>
            </CardHeader>
            <CardContent>
              <StatusPageForm monitors={monitors} />
            </CardContent>
          </Card>
        ) : null}
        <Suspense fallback={<PanelSkeleton label="Loading status pages…" />}>
          <StatusPageList access={access} isAdmin={admin} monitors={monitors} />
        </Suspense>
      </div>
    </>
  );
}
