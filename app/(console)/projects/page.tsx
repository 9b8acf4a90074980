import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { Suspense } from "react";
import { ProjectFilters } from "@/components/projects/project-filters";
import { ProjectList, ProjectListSkeleton } from "@/components/projects/project-list";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/page-access";
import { UrlNotice } from "@/components/ui/url-notice";
import { ignoredProjectListParams, loadProjectListSearch } from "./search-params";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // Before anything streams: an anonymous visit must answer 307, not a 200 shell.
  const access = await requirePage("/projects");
  const raw = await searchParams;
  const params = loadProjectListSearch(raw);
  return (
    <>
      <PageHeader title="Projects" description="Every project that reports runs, with its recent activity." actions={<LiveIndicator renderedAt={new Date().toISOString()} />} />
      <UrlNotice ignored={ignoredProjectListParams(raw)} fallback="Their defaults are used instead." />
      <ProjectFilters q={params.q} status={params.status} sort={params.sort} order={params.order} />
      <Suspense key={JSON.stringify(params)} fallback={<ProjectListSkeleton />}>
        <ProjectList access={access} params={params} />
      </Suspense>
    </>
  );
}
