import "server-only";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../db/client";
import { userSessions, users, type User } from "../db/schema";
import { ConflictError, NotFoundError } from "../errors";

// What role changes, disabling and password resets share: the target row, locked, and the
// "last active admin" rule.

export const userIdSchema = z.string().uuid("must be a user id");

/**
 * Locks every active admin row (in id order, so concurrent callers queue instead of
 * deadlocking), then the target row, for the rest of the transaction. Two concurrent
 * demotions of the last two admins therefore run one after the other: the second re-reads
 * the admin set after the first commits and sees one admin left.
 */
export async function lockTargetAndAdmins(tx: Tx, userId: string): Promise<{ target: User; activeAdminIds: string[] }> {
  if (!userIdSchema.safeParse(userId).success) throw new NotFoundError("User");
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt)))
    .orderBy(asc(users.id))
    .for("update");
  const [target] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
  if (!target) throw new NotFoundError("User");
  return { target, activeAdminIds: admins.map((a) => a.id) };
}

/** Refuses a change that would leave no active admin. */
export function assertNotLastAdmin(target: User, activeAdminIds: string[], what: string): void {
  if (activeAdminIds.includes(target.id) && activeAdminIds.length <= 1) {
    throw new ConflictError(`${target.email} is the last active admin and cannot be ${what}; make someone else an admin first`);
  }
}

/** Signs the user out everywhere: their session rows stop being accepted on the next request. */
export async function revokeSessionsOf(tx: Tx, userId: string): Promise<number> {
  const revoked = await tx
    .update(userSessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt)))
    .returning({ id: userSessions.id });
  return revoked.length;
}
