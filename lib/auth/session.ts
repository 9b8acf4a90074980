import "server-only";
import { getServerSession, type NextAuthOptions } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import type { Role } from "../db/schema";
import { ForbiddenError } from "../errors";
import { requestHeaders, scopedSessionId } from "../http/request-scope";
import { authOptions } from "./options";
import { pageAccess } from "./page-access";
import { recordAccessDenial } from "./principal";
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
    const path = (await requestHeaders()).get("x-opsdeck-path") ?? "/";
    redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  }
  return user;
}

/** For pages: the signed-in user if their role is at least `min`; otherwise an audited 403 page. */
export async function requireRole(min: Role, resource: string): Promise<SessionUser> {
  const user = await requireUser();
  if (!roleAtLeast(user.role, min)) {
    await recordAccessDenial(await pageAccess(user), min, resource);
    forbidden();
  }
  return user;
}

/**
 * authorizeRole for domain functions that take a SessionUser rather than an AccessContext:
 * throws ForbiddenError (after auditing) instead of rendering.
 */
export async function assertRole(user: SessionUser, min: Role, resource: string): Promise<void> {
  if (!roleAtLeast(user.role, min)) {
    await recordAccessDenial(await pageAccess(user), min, resource);
    throw new ForbiddenError();
  }
}
