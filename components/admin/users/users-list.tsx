import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { SessionAccess } from "@/lib/auth/session";
import { listUsers, USER_SORTS, type UserSort } from "@/lib/users/list";
import { usersHref } from "@/app/(console)/admin/users/search-params";
import { sortLink, sortState, type SortDirection } from "@/lib/search-params/sort";
import { UsersTable, usersSummary } from "./users-table";

/** Everyone who can sign in, for admins. */
export async function UsersList({ access, highlight, sort: key = "email", order = null }: { access: SessionAccess; highlight?: string; sort?: UserSort; order?: SortDirection | null }) {
  const sort = sortState(USER_SORTS, key, order);
  const users = await listUsers(access, sort);
  const sortHref = (to: UserSort) => usersHref({ user: highlight ?? null, ...sortLink(USER_SORTS, "email", sort, to) });
  return (
    <Card>
      <CardHeader>
        <CardTitle>People</CardTitle>
        <CardDescription>{usersSummary(users)}</CardDescription>
      </CardHeader>
      <CardContent>
        <UsersTable users={users} currentUserId={access.user.id} highlightId={highlight} sort={sort} sortHref={sortHref} />
      </CardContent>
    </Card>
  );
}
