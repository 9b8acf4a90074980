import { notFound } from "next/navigation";
import { ClientErrorTrigger } from "@/components/e2e/client-error-trigger";
import { getConfig } from "@/lib/config";

// Test-only (OPSDECK_E2E_FAULTS=1): a client component that throws on demand, so the browser
// Sentry spec can follow a real client-side error to an envelope sink. 404 otherwise.
export const dynamic = "force-dynamic";

export default async function ClientErrorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!getConfig().OPSDECK_E2E_FAULTS) notFound();
  const marker = (await searchParams).marker;
  return <ClientErrorTrigger marker={typeof marker === "string" ? marker.slice(0, 64) : "none"} />;
}
