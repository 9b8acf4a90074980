import type { Metadata } from "next";
import { Suspense } from "react";
import { CreateUserForm } from "@/components/admin/users/create-user-form";
import { UsersTable, usersSummary } from "@/components/admin/users/users-table";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { PanelSkeleton } from "@/components/ui/skeleton";
import { pageAccess } from "@/lib/auth/page-access";
import { requireRole, type SessionUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/users/list";

export const metadata: Metadata = { title: "Users" };

async function UsersList({ user, highlight }: { user: SessionUser; highlight?: string }) {
  const users = await listUsers(await pageAccess(user));
  return (
    <Card>
      <CardHeader>
        <CardTitle>People</CardTitle>
        <CardDescription>{usersSummary(users)}</CardDescription>
      </CardHeader>
      <CardContent>
        <UsersTable users={users} currentUserId={user.id} highlightId={highlight} />
      </CardContent>
    </Card>
  );
}

/** `?user=ID` (the audit trail links here) highlights that user's row. */
export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // First, before anything streams: a non-admin gets an audited 403.
  const user = await requireRole("admin", "page:/admin/users");
  const highlight = (await searchParams).user;
  return (
    <>
      <PageHeader title="Users" description="Who can sign in, with which role. Changes apply on each person's next request." />
      <div className="flex flex-col gap-6">
        <Card>
          <CardHeader>
            <CardTitle>Create a user</CardTitle>
            <CardDescription>They sign in with their email and a one-time password you hand over.</CardDescription>
          </CardHeader>
          <CardContent>
            <CreateUserForm />
          </CardContent>
        </Card>
        <Suspense fallback={<PanelSkeleton label="Loading users…" />}>
          <UsersList user={user} highlight={typeof highlight === "string" ? highlight : undefined} />
        </Suspense>
      </div>
    </>
  );
}
