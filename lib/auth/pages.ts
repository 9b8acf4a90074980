import { roleAtLeast, type Role } from "./roles";

// The console's pages and the lowest role each needs, once: the navigation shows what a
// role may open, every page enforces its row (requirePage, lib/auth/page-access.ts; tested
// in tests/page-access.test.ts), and the 403 page names the role a path needs. A page below
// a listed path (/projects/[slug]) belongs to that row.

export type PageIcon = "overview" | "projects" | "health" | "metrics" | "queries" | "audit" | "users" | "keys" | "system" | "alerts" | "incidents";
export type ConsolePage = { href: string; label: string; minRole: Role; icon: PageIcon };

export const PAGES = [
  { href: "/", label: "Overview", minRole: "viewer", icon: "overview" },
  { href: "/projects", label: "Projects", minRole: "viewer", icon: "projects" },
  { href: "/health", label: "Health", minRole: "viewer", icon: "health" },
  { href: "/incidents", label: "Incidents", minRole: "viewer", icon: "incidents" },
  { href: "/alerts", label: "Alerts", minRole: "viewer", icon: "alerts" },
  { href: "/metrics", label: "Metrics", minRole: "operator", icon: "metrics" },
  { href: "/queries", label: "Queries", minRole: "operator", icon: "queries" },
  { href: "/audit", label: "Audit", minRole: "admin", icon: "audit" },
  { href: "/admin/users", label: "Users", minRole: "admin", icon: "users" },
  { href: "/admin/api-keys", label: "API keys", minRole: "operator", icon: "keys" },
  { href: "/admin/status-pages", label: "Status pages", minRole: "operator", icon: "health" },
  { href: "/admin/system", label: "System", minRole: "admin", icon: "system" },
] as const satisfies readonly ConsolePage[];

export type PageHref = (typeof PAGES)[number]["href"];

export function pagesFor(role: Role): ConsolePage[] {
  return PAGES.filter((page) => roleAtLeast(role, page.minRole));
}

/** "/" only matches itself; other pages match their own path and everything below it. */
export function isActivePath(href: string, pathname: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

/** The row of the deepest listed page containing `pathname` (the overview only for "/"). */
export function pageForPath(pathname: string): ConsolePage | null {
  const matches = PAGES.filter((page) => isActivePath(page.href, pathname));
  return matches.sort((a, b) => b.href.length - a.href.length)[0] ?? null;
}

/** The role the deepest listed page containing `pathname` needs, or null when none is listed. */
export function requiredRoleForPath(pathname: string): Role | null {
  const page = pageForPath(pathname);
  return page && page.href !== "/" ? page.minRole : null;
}

/** The console's main actions, for the command palette: each opens the page where it is done. */
export const PALETTE_ACTIONS = [
  { label: "Create an API key", href: "/admin/api-keys", minRole: "operator" },
  { label: "Create an alert rule", href: "/alerts", minRole: "operator" },
  { label: "Silence alerts", href: "/alerts", minRole: "operator" },
  { label: "Post a status page update", href: "/admin/status-pages", minRole: "operator" },
  { label: "Add a monitor", href: "/health", minRole: "operator" },
  { label: "Find a slow query", href: "/queries", minRole: "operator" },
  { label: "Add a user", href: "/admin/users", minRole: "admin" },
  { label: "Export the audit trail", href: "/audit", minRole: "admin" },
] as const satisfies readonly { label: string; href: PageHref; minRole: Role }[];

export function paletteActionsFor(role: Role): { label: string; href: string }[] {
  return PALETTE_ACTIONS.filter((a) => roleAtLeast(role, a.minRole)).map(({ label, href }) => ({ label, href }));
}

