import type { Role } from "../db/schema";

export const ROLES: readonly Role[] = ["viewer", "operator", "admin"] as const;
const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** viewer < operator < admin */
export function roleAtLeast(role: Role, min: Role): boolean {
  return RANK[role] >= RANK[min];
}
