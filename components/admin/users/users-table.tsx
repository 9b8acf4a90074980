import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { UserDto } from "@/lib/users/dto";
import { AuditHistoryLink } from "@/components/audit/history-link";
import { UserActions } from "./user-actions";
import { Time } from "@/components/ui/time";
import { SortHead } from "@/components/ui/sort-head";
import type { SortState } from "@/lib/search-params/sort";
import type { UserSort } from "@/lib/users/list";

const PROVIDER_LABEL: Record<string, string> = { credentials: "password", github: "GitHub", oidc: "SSO (OIDC)" };

export function UsersTable({ users, currentUserId, highlightId, sort, sortHref }: { users: UserDto[]; currentUserId: string; highlightId?: string; sort: SortState<UserSort>; sortHref: (key: UserSort) => string }) {
  if (users.length === 0) return <EmptyState title="No users yet" description="Create the first one above." />;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <SortHead label="User" sortKey="email" sort={sort} href={sortHref} />
          <SortHead label="Role" sortKey="role" sort={sort} href={sortHref} />
          <TableHead>Status</TableHead>
          <TableHead>Sign-in</TableHead>
          <TableHead>Last sign-in</TableHead>
          <SortHead label="Created" sortKey="created" sort={sort} href={sortHref} />
          <TableHead>Actions</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {users.map((u) => (
          <TableRow key={u.id} data-testid={`user-row-${u.email}`} aria-current={u.id === highlightId ? "true" : undefined} className={u.id === highlightId ? "bg-accent" : undefined}>
            <TableCell>
              <div className="max-w-[18rem] truncate font-medium" title={u.email}>
                {u.email}
              </div>
              {u.name ? <div className="text-xs text-muted-foreground">{u.name}</div> : null}
            </TableCell>
            <TableCell>
              <Badge tone={u.role === "admin" ? "info" : "neutral"}>{u.role}</Badge>
            </TableCell>
            <TableCell>
              <Badge tone={u.status === "active" ? "success" : "warning"}>{u.status}</Badge>
            </TableCell>
            <TableCell>
              {PROVIDER_LABEL[u.provider] ?? u.provider}
              <div>
                <AuditHistoryLink targetType="user" targetId={u.id} subject={u.email} className="text-xs" />
              </div>
            </TableCell>
            <TableCell className="whitespace-nowrap">{u.lastSignInAt ? <Time iso={u.lastSignInAt} /> : <span className="text-muted-foreground">never</span>}</TableCell>
            <TableCell className="whitespace-nowrap text-muted-foreground">
              <Time iso={u.createdAt} />
            </TableCell>
            <TableCell>
              <UserActions user={u} isSelf={u.id === currentUserId} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** The verdict line: how many people, how many admins, how many shut out. */
export function usersSummary(users: UserDto[]): string {
  const admins = users.filter((u) => u.role === "admin" && u.status === "active").length;
  const disabled = users.filter((u) => u.status === "disabled").length;
  return `${users.length} user${users.length === 1 ? "" : "s"} · ${admins} active admin${admins === 1 ? "" : "s"}${disabled ? ` · ${disabled} disabled` : ""}`;
}
