import { ROLES, type Role } from "./roles";

// API scopes, and what a session user's role grants expressed as scopes, so one check
// (lib/auth/authorize.ts) serves both kinds of caller.

export const SCOPES = [
  "projects:read",
  "projects:write",
  "runs:read",
  "runs:write",
  "audit:read",
  "metrics:read",
  "monitors:read",
  "monitors:write",
  "alerts:read",
  "alerts:write",
  "incidents:write",
  "status:write",
] as const;
export type Scope = (typeof SCOPES)[number];

// Monitors probe targets from the console's own network, so only admins change them;
// operators run alerting (rules, silences, incidents), admins also own its channels.
const VIEWER: readonly Scope[] = ["projects:read", "runs:read", "monitors:read", "alerts:read"];
// Status pages: operators post incident updates (status:write); only admins create, change or delete pages.
const OPERATOR: readonly Scope[] = [...VIEWER, "runs:write", "metrics:read", "alerts:write", "incidents:write", "status:write"];
const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  viewer: inScopeOrder(VIEWER),
  operator: inScopeOrder(OPERATOR),
  admin: inScopeOrder([...OPERATOR, "projects:write", "audit:read", "monitors:write"]),
};

/** `scopes` without repeats, in the order of SCOPES (by resource, read before write), unknown ones last; how forms and tables list them. */
export function inScopeOrder<S extends string>(scopes: readonly S[]): S[] {
  const rank = (s: string) => {
    const i = (SCOPES as readonly string[]).indexOf(s);
    return i === -1 ? SCOPES.length : i;
  };
  return [...new Set(scopes)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The scopes a role's session grants; also the ceiling of what that role may put on a key it creates. */
export function scopesForRole(role: Role): readonly Scope[] {
  return ROLE_SCOPES[role];
}

/** The lowest role whose scopes include `scope`, for messages and the registries. */
export function roleForScope(scope: Scope): Role {
  return ROLES.find((r) => ROLE_SCOPES[r].includes(scope)) ?? "admin";
}
