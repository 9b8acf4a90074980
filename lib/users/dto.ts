import type { User } from "../db/schema";

/** A user as the admin pages see one: never the password hash. Dates as ISO strings (props cross to the client). */
export type UserDto = {
  id: string;
  email: string;
  name: string | null;
  role: User["role"];
  provider: string;
  status: "active" | "disabled";
  lastSignInAt: string | null;
  createdAt: string;
};

export function toUserDto(u: Pick<User, "id" | "email" | "name" | "role" | "provider" | "disabledAt" | "lastSignInAt" | "createdAt">): UserDto {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    provider: u.provider,
    status: u.disabledAt ? "disabled" : "active",
    lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

/** What /admin/users sorts by, each with its natural direction (lib/search-params/sort.ts). */
export const USER_SORTS = { email: "asc", role: "asc", created: "desc" } as const;
export type UserSort = keyof typeof USER_SORTS;
