import type { Metadata } from "next";
import { SystemCards, systemSummary } from "@/components/system/system-cards";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth/session";
import { getSystemInfo } from "@/lib/system/info";

export const metadata: Metadata = { title: "System" };

export default async function SystemPage() {
  // First, before anything renders or streams: a non-admin gets an audited 403.
  const user = await requireRole("admin", "page:/admin/system");
  const info = await getSystemInfo(user);
  return (
    <>
      <PageHeader title="System" description={systemSummary(info)} />
      <SystemCards info={info} />
    </>
  );
}
