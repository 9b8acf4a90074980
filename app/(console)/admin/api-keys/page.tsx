import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { Suspense } from "react";
import { CreateKeyForm } from "@/components/admin/api-keys/create-key-form";
import { KeysList } from "@/components/admin/api-keys/keys-list";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { PanelSkeleton } from "@/components/ui/skeleton";
import { requirePage } from "@/lib/auth/page-access";
import { hasRole } from "@/lib/auth/principal";
import { scopesForRole } from "@/lib/auth/scopes";
import { listProjects } from "@/lib/projects/queries";
import { loadApiKeysSearch } from "./search-params";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // First, before anything streams: a viewer gets an audited 403.
  const access = await requirePage("/admin/api-keys");
  const { key: highlight } = await loadApiKeysSearch(searchParams);
  const projects = await listProjects(access, { status: "active" }, { limit: 200 });
  const admin = hasRole(access.principal, "admin");
  return (
    <>
      <PageHeader title="API keys" description="Keys let integrations report runs. A key is shown once, when it is created." />
      <div className="flex flex-col gap-6">
        <Card>
          <CardHeader>
            <CardTitle>Create a key</CardTitle>
            <CardDescription>{admin ? "Bind it to one project, or leave it unbound to reach every project." : "Keys you create are bound to one project and carry at most your role's scopes."}</CardDescription>
          </CardHeader>
          <CardContent>
            <CreateKeyForm scopes={scopesForRole(access.user.role)} projects={projects.data.map((p) => ({ slug: p.slug, name: p.name }))} canCreateUnbound={admin} />
          </CardContent>
        </Card>
        <Suspense fallback={<PanelSkeleton label="Loading keys…" />}>
          <KeysList access={access} highlight={highlight ?? undefined} />
        </Suspense>
      </div>
    </>
  );
}
