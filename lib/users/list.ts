import "server-only";
import { asc, desc } from "drizzle-orm";
import type { SortDirection } from "../db/keyset";
import { type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import { toUserDto, type UserDto, type UserSort } from "./dto";

export { USER_SORTS, type UserSort } from "./dto";

const COLUMNS = { email: [users.email], role: [users.role, users.email], created: [users.createdAt] } as const;

/** Every user, for /admin/users (admins only): by email unless sorted otherwise; the id breaks ties, so either direction is the other reversed. */
export async function listUsers(ctx: AccessContext, sort: { key: UserSort; direction: SortDirection } = { key: "email", direction: "asc" }): Promise<UserDto[]> {
  const by = sort.direction === "asc" ? asc : desc;
  await authorize(ctx, "admin", "users:list");
  const rows = await getDb()
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      provider: users.provider,
      disabledAt: users.disabledAt,
      lastSignInAt: users.lastSignInAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(...[...COLUMNS[sort.key], users.id].map((c) => by(c)));
  return rows.map(toUserDto);
}
