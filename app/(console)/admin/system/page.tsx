import type { Metadata } from "next";
import { Suspense } from "react";
import { SystemControls } from "@/components/admin/system/system-controls";
import { SystemCards, systemSummary } from "@/components/system/system-cards";
import { PageHeader } from "@/components/ui/page-header";
import { PanelSkeleton } from "@/components/ui/skeleton";
import { requirePage } from "@/lib/auth/page-access";
import { getSystemInfo } from "@/lib/system/info";

export const metadata: Metadata = { title: "System" };

type Search = { rlKind?: string | string[]; rl?: string | string[] };
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function SystemPage({ searchParams }: { searchParams: Promise<Search> }) {
  // First, before anything renders or streams: a non-admin gets an audited 403.
  const access = await requirePage("/admin/system");
  const info = await getSystemInfo(access);
  const search = await searchParams;
  return (
    <>
      <PageHeader title="System" description={systemSummary(info)} />
      <SystemCards info={info} />
      <Suspense fallback={<PanelSkeleton label="Loading controls…" className="mt-4" />}>
        <SystemControls access={access} search={{ rlKind: first(search.rlKind), rl: first(search.rl) }} />
      </Suspense>
    </>
  );
}
