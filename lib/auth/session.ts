import "server-only";
import { getServerSession, type NextAuthOptions } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { headers } from "next/headers";
import { cache } from "react";
import { recordAuditStandalone } from "../audit/record";
import type { Role } from "../db/schema";
import { ForbiddenError } from "../errors";
import { requestMetaFrom } from "../http/request-meta";
import { requestHeaders, scopedSessionId } from "../http/request-scope";
import { authOptions } from "./options";
import { roleAtLeast } from "./roles";
import { loadSessionUser, type SessionUser } from "./users";

export type { SessionUser };

let serverOptions: NextAuthOptions | undefined;

/**
 * The signed-in user for this request, or null. The JWT only names a session row; the
 * row and its user are re-read (once per request, memoized) so sign-out, disabling a
 * user or a role change take effect on the very next request.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const scoped = scopedSessionId();
  if (scoped !== undefined) return scoped ? loadSessionUser(scoped) : null;
  // Same options, but the server-side read also gets the session id out of the token.
  serverOptions ??= { ...authOptions(), callbacks: { ...authOptions().callbacks, session: ({ session, token }) => ({ ...session, sid: token.sid }) } };
  let session: unknown;
  try {
    session = await getServerSession(serverOptions);
  } catch (err) {
    // Called outside a request (a route handler invoked directly by a test or script): no session.
    if (err instanceof Error && /outside a request scope/i.test(err.message)) return null;
    throw err;
  }
  const sid = (session as { sid?: string } | null)?.sid;
  return sid ? loadSessionUser(sid) : null;
});

/** For pages: the signed-in user, or a redirect to /login that comes back here afterwards. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) {
    const path = (await headers()).get("x-opsdeck-path") ?? "/";
    redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  }
  return user;
}

/** Audits a denial; the caller then refuses (403 page, 403 problem, or a failed action). */
export async function recordDenial(user: SessionUser, required: Role, resource: string): Promise<void> {
  await recordAuditStandalone({
    action: "authz.denied",
    actor: { type: "user", id: user.id, label: user.email },
    target: { type: "resource", id: resource },
    changes: { required, role: user.role },
    meta: requestMetaFrom(await requestHeaders()),
  });
}

/** For pages: the signed-in user if their role is at least `min`; otherwise an audited 403 page. */
export async function requireRole(min: Role, resource: string): Promise<SessionUser> {
  const user = await requireUser();
  if (!roleAtLeast(user.role, min)) {
    await recordDenial(user, min, resource);
    forbidden();
  }
  return user;
}

/** For domain functions and actions: throws ForbiddenError (after auditing) instead of rendering. */
export async function assertRole(user: SessionUser, min: Role, resource: string): Promise<void> {
  if (!roleAtLeast(user.role, min)) {
    await recordDenial(user, min, resource);
    throw new ForbiddenError();
  }
}
