import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { SessionAccess } from "@/lib/auth/session";
import { listUsers } from "@/lib/users/list";
import { UsersTable, usersSummary } from "./users-table";

/** Everyone who can sign in, for admins. */
export async function UsersList({ access, highlight }: { access: SessionAccess; highlight?: string }) {
  const users = await listUsers(access);
  return (
    <Card>
      <CardHeader>
        <CardTitle>People</CardTitle>
        <CardDescription>{usersSummary(users)}</CardDescription>
      </CardHeader>
      <CardContent>
        <UsersTable users={users} currentUserId={access.user.id} highlightId={highlight} />
      </CardContent>
    </Card>
  );
}
