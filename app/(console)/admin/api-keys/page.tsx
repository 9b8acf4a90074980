import type { Metadata } from "next";
import { Suspense } from "react";
import { CreateKeyForm } from "@/components/admin/api-keys/create-key-form";
import { KeysTable } from "@/components/admin/api-keys/keys-table";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { PanelSkeleton } from "@/components/ui/skeleton";
import { listApiKeys } from "@/lib/api-keys/list";
import { pageAccess } from "@/lib/auth/page-access";
import { scopesForRole } from "@/lib/auth/principal";
import { roleAtLeast } from "@/lib/auth/roles";
import { requireRole, type SessionUser } from "@/lib/auth/session";
import { listProjects } from "@/lib/projects/queries";

export const metadata: Metadata = { title: "API keys" };

async function KeysList({ user, highlight }: { user: SessionUser; highlight?: string }) {
  const keys = await listApiKeys(await pageAccess(user));
  const active = keys.filter((k) => k.state === "active").length;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Keys</CardTitle>
        <CardDescription>
          {active} active of {keys.length}
          {roleAtLeast(user.role, "admin") ? "" : " · operators see and manage keys bound to a project"}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <KeysTable keys={keys} showHistory={roleAtLeast(user.role, "admin")} highlightId={highlight} />
      </CardContent>
    </Card>
  );
}

/** `?key=ID` (the audit trail links here) highlights that key's row. */
export default async function ApiKeysPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // First, before anything streams: a viewer gets an audited 403.
  const user = await requireRole("operator", "page:/admin/api-keys");
  const highlight = (await searchParams).key;
  const projects = await listProjects(await pageAccess(user), { status: "active" }, { limit: 200 });
  const admin = roleAtLeast(user.role, "admin");
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
            <CreateKeyForm scopes={scopesForRole(user.role)} projects={projects.data.map((p) => ({ slug: p.slug, name: p.name }))} canCreateUnbound={admin} />
          </CardContent>
        </Card>
        <Suspense fallback={<PanelSkeleton label="Loading keys…" />}>
          <KeysList user={user} highlight={typeof highlight === "string" ? highlight : undefined} />
        </Suspense>
      </div>
    </>
  );
}
