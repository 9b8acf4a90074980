import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { Suspense } from "react";
import { AlertsBoard, AlertsBoardSkeleton } from "@/components/alerts/alerts-board";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/page-access";
import { loadAlertsSearch } from "./search-params";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // Before anything streams: an anonymous visit must answer 307, not a 200 shell.
  const access = await requirePage("/alerts");
  const params = await loadAlertsSearch(searchParams);
  return (
    <>
      <PageHeader title="Alerts" description="Rules over monitors, runs, routes and queries; the channels they tell; and what mutes them." />
      <Suspense key={JSON.stringify(params)} fallback={<AlertsBoardSkeleton />}>
        <AlertsBoard access={access} params={params} />
      </Suspense>
    </>
  );
}
