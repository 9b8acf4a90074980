import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { SearchParams } from "nuqs/server";
import { Suspense } from "react";
import { ArchiveProjectButton } from "@/components/projects/archive-project-button";
import { ProjectKpis, ProjectKpisSkeleton } from "@/components/projects/project-kpis";
import { RunFilters } from "@/components/runs/run-filters";
import { RunList, RunListSkeleton } from "@/components/runs/run-list";
import { Badge } from "@/components/ui/badge";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { PageHeader } from "@/components/ui/page-header";
import { AuditHistoryLink } from "@/components/audit/history-link";
import { requirePage } from "@/lib/auth/page-access";
import { hasScope } from "@/lib/auth/principal";
import { NotFoundError } from "@/lib/errors";
import { getProject } from "@/lib/projects/queries";
import { slugSchema } from "@/lib/projects/schemas";
import { UrlNotice } from "@/components/ui/url-notice";
import { ignoredRunListParams, loadRunListSearch } from "../search-params";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).slug };
}

export default async function ProjectPage({ params, searchParams }: Props) {
  // Before anything streams: an anonymous visit must answer 307, not a 200 shell.
  const access = await requirePage("/projects");
  const { slug } = await params;
  if (!slugSchema.safeParse(slug).success) notFound();
  const project = await getProject(access, slug).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const raw = await searchParams;
  const filters = loadRunListSearch(raw);
  return (
    <>
      <PageHeader
        title={project.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-xs">{project.slug}</span>
            {project.archived ? <Badge tone="warning">archived</Badge> : null}
            {project.description ? <span>{project.description}</span> : null}
            {hasScope(access.principal, "audit:read") ? <AuditHistoryLink targetType="project" targetId={project.id} /> : null}
          </span>
        }
        actions={
          <>
            <LiveIndicator renderedAt={new Date().toISOString()} />
            {hasScope(access.principal, "projects:write") ? <ArchiveProjectButton slug={project.slug} name={project.name} archived={project.archived} /> : null}
          </>
        }
      />
      <Suspense fallback={<ProjectKpisSkeleton />}>
        <ProjectKpis access={access} slug={project.slug} />
      </Suspense>
      <h2 className="mt-8 mb-3 text-lg font-semibold tracking-tight">Runs</h2>
      <UrlNotice ignored={ignoredRunListParams(raw)} fallback="Their defaults are used instead." />
      <RunFilters slug={project.slug} filters={filters} />
      <Suspense key={JSON.stringify(filters)} fallback={<RunListSkeleton />}>
        <RunList access={access} slug={project.slug} filters={filters} />
      </Suspense>
    </>
  );
}
