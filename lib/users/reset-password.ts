import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { hashPassword } from "../auth/password";
import { actorOf, type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import { ValidationError } from "../errors";
import { generateOneTimePassword } from "./one-time-password";
import { lockTargetAndAdmins, revokeSessionsOf, userIdSchema } from "./target";

export const userPasswordResetSchema = z.object({ userId: userIdSchema });

/**
 * Gives a credentials user a new one-time password (admins only), returned here once, and
 * signs them out everywhere. SSO users have no password to reset.
 */
export async function resetUserPassword(ctx: AccessContext, input: z.input<typeof userPasswordResetSchema>): Promise<{ email: string; password: string }> {
  await authorize(ctx, "admin", "users:password_reset");
  const { userId } = userPasswordResetSchema.parse(input);
  const password = generateOneTimePassword();
  // Hashed before the transaction: argon2 takes tens of milliseconds we need not hold locks for.
  const passwordHash = await hashPassword(password);
  return getDb().transaction(async (tx) => {
    const { target } = await lockTargetAndAdmins(tx, userId);
    if (target.provider !== "credentials") throw new ValidationError(`${target.email} signs in through ${target.provider}; there is no password to reset`);
    await tx.update(users).set({ passwordHash, updatedAt: sql`now()` }).where(eq(users.id, userId));
    const sessionsRevoked = await revokeSessionsOf(tx, userId);
    await recordAudit(tx, {
      action: "user.password_reset",
      actor: actorOf(ctx.principal),
      target: { type: "user", id: target.id, label: target.email },
      changes: { sessionsRevoked },
      meta: ctx.meta,
    });
    return { email: target.email, password };
  });
}
