import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { Suspense } from "react";
import { IncidentFilters } from "@/components/incidents/incident-filters";
import { IncidentTable, IncidentTableSkeleton } from "@/components/incidents/incident-table";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { PageHeader } from "@/components/ui/page-header";
import { UrlNotice } from "@/components/ui/url-notice";
import { requirePage } from "@/lib/auth/page-access";
import { listProjects } from "@/lib/projects/queries";
import { ignoredIncidentListParams, loadIncidentListSearch } from "./search-params";

export const metadata: Metadata = { title: "Incidents" };

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // Before anything streams: an anonymous visit must answer 307, not a 200 shell.
  const access = await requirePage("/incidents");
  const raw = await searchParams;
  const params = loadIncidentListSearch(raw);
  const projects = await listProjects(access, { status: "all" }, { limit: 200 });
  return (
    <>
      <PageHeader title="Incidents" description="What alert rules opened, newest first: who acknowledged them, and when they ended." actions={<LiveIndicator renderedAt={new Date().toISOString()} />} />
      <UrlNotice ignored={ignoredIncidentListParams(raw)} fallback="All incidents are shown instead." />
      <IncidentFilters status={params.status} project={params.project} projects={projects.data.map((p) => p.slug)} />
      <Suspense key={JSON.stringify(params)} fallback={<IncidentTableSkeleton />}>
        <IncidentTable access={access} params={params} />
      </Suspense>
    </>
  );
}
