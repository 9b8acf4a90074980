import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { actorOf, type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { getDb } from "../db/client";
import { ROLES } from "../auth/roles";
import { users } from "../db/schema";
import { toUserDto, type UserDto } from "./dto";
import { assertNotLastAdmin, lockTargetAndAdmins, userIdSchema } from "./target";

export const userRoleSchema = z.object({ userId: userIdSchema, role: z.enum(ROLES) });

/**
 * Changes a user's role (admins only). Takes effect on the user's next request: sessions
 * re-read the user row. The last active admin cannot be demoted (ConflictError).
 */
export async function setUserRole(ctx: AccessContext, input: z.input<typeof userRoleSchema>): Promise<UserDto> {
  await authorize(ctx, "admin", "users:role");
  const { userId, role } = userRoleSchema.parse(input);
  return getDb().transaction(async (tx) => {
    const { target, activeAdminIds } = await lockTargetAndAdmins(tx, userId);
    if (target.role === role) return toUserDto(target);
    if (role !== "admin") assertNotLastAdmin(target, activeAdminIds, "demoted");
    const [row] = await tx.update(users).set({ role, updatedAt: sql`now()` }).where(eq(users.id, userId)).returning();
    await recordAudit(tx, {
      action: "user.role_change",
      actor: actorOf(ctx.principal),
      target: { type: "user", id: target.id, label: target.email },
      changes: { role: { from: target.role, to: role } },
      meta: ctx.meta,
    });
    return toUserDto(row!);
  });
}
