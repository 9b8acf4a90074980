import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { actorOf, type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import { ConflictError } from "../errors";
import { toUserDto, type UserDto } from "./dto";
import { assertNotLastAdmin, lockTargetAndAdmins, revokeSessionsOf, userIdSchema } from "./target";

export const userStatusSchema = z.object({ userId: userIdSchema, disabled: z.boolean() });

/**
 * Disables (and signs out everywhere) or re-enables a user (admins only). A disabled user's
 * next request finds no session. Nobody disables themselves, and the last active admin
 * cannot be disabled (ConflictError).
 */
export async function setUserDisabled(ctx: AccessContext, input: z.input<typeof userStatusSchema>): Promise<UserDto> {
  const me = await authorize(ctx, "admin", "users:status");
  const { userId, disabled } = userStatusSchema.parse(input);
  return getDb().transaction(async (tx) => {
    const { target, activeAdminIds } = await lockTargetAndAdmins(tx, userId);
    if (Boolean(target.disabledAt) === disabled) return toUserDto(target);
    if (disabled) {
      if (target.id === me.id) throw new ConflictError("You cannot disable your own account");
      assertNotLastAdmin(target, activeAdminIds, "disabled");
    }
    const [row] = await tx
      .update(users)
      .set({ disabledAt: disabled ? sql`now()` : null, updatedAt: sql`now()` })
      .where(eq(users.id, userId))
      .returning();
    const sessionsRevoked = disabled ? await revokeSessionsOf(tx, userId) : 0;
    await recordAudit(tx, {
      action: disabled ? "user.disable" : "user.enable",
      actor: actorOf(ctx.principal),
      target: { type: "user", id: target.id, label: target.email },
      changes: disabled ? { status: { from: "active", to: "disabled" }, sessionsRevoked } : { status: { from: "disabled", to: "active" } },
      meta: ctx.meta,
    });
    return toUserDto(row!);
  });
}
