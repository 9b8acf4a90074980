import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { Suspense } from "react";
import { SystemControls } from "@/components/admin/system/system-controls";
import { SystemCards, systemSummary } from "@/components/system/system-cards";
import { PageHeader } from "@/components/ui/page-header";
import { PanelSkeleton } from "@/components/ui/skeleton";
import { requirePage } from "@/lib/auth/page-access";
import { getSystemInfo } from "@/lib/system/info";
import { loadSystemSearch } from "./search-params";

export const metadata: Metadata = { title: "System" };

export default async function SystemPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // First, before anything renders or streams: a non-admin gets an audited 403.
  const access = await requirePage("/admin/system");
  const info = await getSystemInfo(access);
  const search = await loadSystemSearch(searchParams);
  return (
    <>
      <PageHeader title="System" description={systemSummary(info)} />
      <SystemCards info={info} />
      <Suspense fallback={<PanelSkeleton label="Loading controls…" className="mt-4" />}>
        <SystemControls access={access} search={search} />
      </Suspense>
    </>
  );
}
