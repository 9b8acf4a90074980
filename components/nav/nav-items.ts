import type { Role } from "@/lib/db/schema";
import { roleAtLeast } from "@/lib/auth/roles";

// The console's pages, once: the sidebar shows what a role may open, and the 403 page
// names the role a path needs. Only pages that exist are listed.

export type NavIcon = "overview" | "projects" | "health" | "metrics" | "queries" | "audit" | "users" | "keys" | "system";
export type NavItem = { href: string; label: string; minRole: Role; icon: NavIcon };

export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Overview", minRole: "viewer", icon: "overview" },
  { href: "/projects", label: "Projects", minRole: "viewer", icon: "projects" },
  { href: "/health", label: "Health", minRole: "viewer", icon: "health" },
  { href: "/metrics", label: "Metrics", minRole: "operator", icon: "metrics" },
  { href: "/queries", label: "Queries", minRole: "operator", icon: "queries" },
  { href: "/audit", label: "Audit", minRole: "admin", icon: "audit" },
  { href: "/admin/users", label: "Users", minRole: "admin", icon: "users" },
  { href: "/admin/api-keys", label: "API keys", minRole: "operator", icon: "keys" },
  { href: "/admin/system", label: "System", minRole: "admin", icon: "system" },
];

export function navItemsFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => roleAtLeast(role, item.minRole));
}

/** "/" only matches itself; other items match their own path and everything below it. */
export function isActivePath(href: string, pathname: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

/** The role the deepest listed page containing `pathname` needs, or null when none is listed. */
export function requiredRoleForPath(pathname: string): Role | null {
  const matches = NAV_ITEMS.filter((item) => item.href !== "/" && isActivePath(item.href, pathname));
  return matches.sort((a, b) => b.href.length - a.href.length)[0]?.minRole ?? null;
}
