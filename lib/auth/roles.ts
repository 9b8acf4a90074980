// The roles, lowest first: the one list (the database enum is built from it). No imports, so
// client components may use it.

export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** viewer < operator < admin */
export function roleAtLeast(role: Role, min: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(min);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
