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
  viewer: VIEWER,
  operator: OPERATOR,
  admin: [...OPERATOR, "projects:write", "audit:read", "monitors:write"],
};

/** The scopes a role's session grants; also the ceiling of what that role may put on a key it creates. */
export function scopesForRole(role: Role): readonly Scope[] {
  return ROLE_SCOPES[role];
}

/** The lowest role whose scopes include `scope`, for messages and the registries. */
export function roleForScope(scope: Scope): Role {
  return ROLES.find((r) => ROLE_SCOPES[r].includes(scope)) ?? "admin";
}
