import "server-only";
import { getServerSession, type NextAuthOptions } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { requestMetaFrom } from "../request/meta";
import { noteCaller } from "../request/observation";
import { requestHeaders, scopedSessionId } from "../request/scope";
import { authOptions } from "./options";
import type { AccessContext } from "./principal";
import { loadSessionUser, type SessionUser } from "./users";

export type { SessionUser };

let serverOptions: NextAuthOptions | undefined;

/**
 * The signed-in user for this request, or null. The JWT only names a session row; the
 * row and its user are re-read (once per request, memoized) so sign-out, disabling a
 * user or a role change take effect on the very next request.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const user = await readSessionUser();
  // The request log line names the caller by id (lib/log/request-line.ts).
  if (user) noteCaller(`user:${user.id}`, await requestHeaders().then((h) => h.get("x-request-id"), () => null));
  return user;
});

async function readSessionUser(): Promise<SessionUser | null> {
  const scoped = scopedSessionId();
  if (scoped !== undefined) return scoped ? loadSessionUser(scoped) : null;
  // Same options, but the server-side read also gets the session id out of the token.
  // The session row is checked below (loadSessionUser), so the route's own check in the jwt
  // callback is skipped here: one database read per request, not two.
  serverOptions ??= {
    ...authOptions(),
    callbacks: { ...authOptions().callbacks, jwt: ({ token }) => token, session: ({ session, token }) => ({ ...session, sid: token.sid }) },
  };
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
}

/** A signed-in user's AccessContext, with the user beside it for what a page shows of them. */
export type SessionAccess = AccessContext & { user: SessionUser };

/** The AccessContext of this request's signed-in user, or null when no one is signed in. */
export async function sessionAccess(): Promise<SessionAccess | null> {
  const user = await getSessionUser();
  return user ? { principal: { kind: "user", user }, meta: requestMetaFrom(await requestHeaders()), user } : null;
}

/** For layouts and pages: the signed-in user's AccessContext, or a redirect to /login that comes back here afterwards. */
export async function requireSession(): Promise<SessionAccess> {
  const access = await sessionAccess();
  if (!access) {
    const path = (await requestHeaders()).get("x-opsdeck-path") ?? "/";
    redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  }
  return access;
}
