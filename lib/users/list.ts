import "server-only";
import { asc } from "drizzle-orm";
import { type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import { toUserDto, type UserDto } from "./dto";

/** Every user, for /admin/users (admins only). */
export async function listUsers(ctx: AccessContext): Promise<UserDto[]> {
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
    .orderBy(asc(users.email));
  return rows.map(toUserDto);
}
