import { PageHeader } from "@/components/ui/page-header";
import { PanelSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <>
      <PageHeader title="Status pages" />
      <PanelSkeleton label="Loading status pages…" />
    </>
  );
}
