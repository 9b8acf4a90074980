import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { recordAudit, type AuditInput } from "../audit/record";
import type { RequestMeta } from "../request/meta";
import { getDb } from "../db/client";
import { userSessions, users, type Role, type User } from "../db/schema";
import { dummyHash, verifyPassword } from "./password";

// Sign-in and session rows. Used by next-auth's callbacks; not a page-facing module.

export type SessionUser = { id: string; email: string; name: string | null; role: Role; sessionId: string };

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export function findUserByEmail(email: string): Promise<User | undefined> {
  return getDb()
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`)
    .limit(1)
    .then((r) => r[0]);
}

/** Checks an email/password pair; always spends one argon2 verification so timing reveals nothing. */
export async function checkCredentials(email: string, password: string): Promise<User | null> {
  const user = await findUserByEmail(email);
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  if (!user || !user.passwordHash || !ok || user.disabledAt) return null;
  return user;
}

/** Opens a session row for a successful sign-in and audits it, in one transaction. */
export async function openSession(user: User, provider: string, meta: RequestMeta): Promise<string> {
  return getDb().transaction(async (tx) => {
    const [session] = await tx
      .insert(userSessions)
      .values({
        userId: user.id,
        expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
        ip: meta.ip ?? null,
        userAgent: meta.userAgent?.slice(0, 512) ?? null,
      })
      .returning({ id: userSessions.id });
    await tx.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
    await recordAudit(tx, {
      action: "auth.signin.success",
      actor: { type: "user", id: user.id, label: user.email },
      target: { type: "user", id: user.id, label: user.email },
      changes: { provider },
      meta,
    });
    return session!.id;
  });
}

export async function recordSignInFailure(email: string, reason: string, meta: RequestMeta): Promise<void> {
  const input: AuditInput = {
    action: "auth.signin.failure",
    actor: { type: "anonymous", label: email.slice(0, 320) },
    changes: { reason },
    meta,
  };
  await getDb().transaction((tx) => recordAudit(tx, input));
}

/** Revokes a session row (sign-out); the cookie that carried it is refused from now on. */
export async function closeSession(sessionId: string, meta: RequestMeta): Promise<void> {
  await getDb().transaction(async (tx) => {
    const [row] = await tx
      .update(userSessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(userSessions.id, sessionId), isNull(userSessions.revokedAt)))
      .returning({ userId: userSessions.userId });
    if (!row) return;
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, row.userId));
    await recordAudit(tx, {
      action: "auth.signout",
      actor: { type: "user", id: row.userId, label: user?.email ?? row.userId },
      target: { type: "user", id: row.userId, label: user?.email ?? null },
      meta,
    });
  });
}

/** The user behind a session id, re-read on every request: disabled users and revoked sessions get nothing. */
export async function loadSessionUser(sessionId: string): Promise<SessionUser | null> {
  const [row] = await getDb()
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(
      and(
        eq(userSessions.id, sessionId),
        isNull(userSessions.revokedAt),
        gt(userSessions.expiresAt, sql`now()`),
        isNull(users.disabledAt),
      ),
    )
    .limit(1);
  return row ? { ...row, sessionId } : null;
}
