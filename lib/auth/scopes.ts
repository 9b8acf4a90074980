import { ROLES, type Role } from "./roles";

// API scopes, and what a session user's role grants expressed as scopes, so one check
// (lib/auth/authorize.ts) serves both kinds of caller.

export const SCOPES = ["projects:read", "projects:write", "runs:read", "runs:write", "audit:read", "metrics:read"] as const;
export type Scope = (typeof SCOPES)[number];

const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  viewer: ["projects:read", "runs:read"],
  operator: ["projects:read", "runs:read", "runs:write", "metrics:read"],
  admin: ["projects:read", "projects:write", "runs:read", "runs:write", "audit:read", "metrics:read"],
};

/** The scopes a role's session grants; also the ceiling of what that role may put on a key it creates. */
export function scopesForRole(role: Role): readonly Scope[] {
  return ROLE_SCOPES[role];
}

/** The lowest role whose scopes include `scope`, for messages and the registries. */
export function roleForScope(scope: Scope): Role {
  return ROLES.find((r) => ROLE_SCOPES[r].includes(scope)) ?? "admin";
}
