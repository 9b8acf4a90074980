import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { Suspense } from "react";
import { CreateUserForm } from "@/components/admin/users/create-user-form";
import { UsersList } from "@/components/admin/users/users-list";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { PanelSkeleton } from "@/components/ui/skeleton";
import { requirePage } from "@/lib/auth/page-access";
import { UrlNotice } from "@/components/ui/url-notice";
import { ignoredUsersParams, loadUsersSearch } from "./search-params";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // First, before anything streams: a non-admin gets an audited 403.
  const access = await requirePage("/admin/users");
  const raw = await searchParams;
  const { user: highlight, sort, order } = loadUsersSearch(raw);
  return (
    <>
      <PageHeader title="Users" description="Who can sign in, with which role. Changes apply on each person's next request." />
      <UrlNotice ignored={ignoredUsersParams(raw)} fallback="Sorted by email instead." />
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
          <UsersList access={access} highlight={highlight ?? undefined} sort={sort} order={order} />
        </Suspense>
      </div>
    </>
  );
}
