import type { SessionUser } from "@/lib/auth/session";
import type { Theme } from "@/lib/ui/theme";
import { Badge } from "@/components/ui/badge";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { TimeZoneToggle } from "@/components/ui/time-zone-toggle";
import { SignOutButton } from "./sign-out-button";

/** Who is signed in, as what, and what they can change about that: theme, time zone and session. */
export function UserPanel({ user, theme }: { user: SessionUser; theme: Theme }) {
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2 md:flex-col md:items-stretch">
      <div className="flex min-w-0 flex-col gap-1">
        {user.name ? <span className="truncate text-sm font-medium">{user.name}</span> : null}
        <span className="truncate text-sm text-muted-foreground" title={user.email}>
          {user.email}
        </span>
        <Badge tone="outline" className="w-fit">
          <span className="sr-only">Role: </span>
          {user.role}
        </Badge>
      </div>
      <div className="flex items-center justify-between gap-2">
        <ThemeToggle initial={theme} />
        <SignOutButton />
      </div>
      <div className="flex items-center gap-2 text-xs text-muted-foreground">
        <span aria-hidden="true">Times</span>
        <TimeZoneToggle />
      </div>
    </div>
  );
}
