import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GithubProvider from "next-auth/providers/github";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { headers } from "next/headers";
import { z } from "zod";
import { getConfig } from "../config";
import { getDb } from "../db/client";
import { users, type User } from "../db/schema";
import { requestMetaFrom } from "../request/meta";
import { countSignInFailure, clearSignInFailures } from "../ratelimit/signin";
import { checkCredentials, closeSession, findUserByEmail, loadSessionUser, openSession, recordSignInFailure, SESSION_MAX_AGE_SECONDS } from "./users";
import { errorField, log } from "../log/logger";

declare module "next-auth/jwt" {
  interface JWT {
    /** user_sessions.id: checked against the database on every request. */
    sid?: string;
    uid?: string;
  }
}

const credentialsSchema = z.object({ email: z.string().trim().email().max(320), password: z.string().min(1).max(1024) });

async function currentMeta() {
  return requestMetaFrom(await headers());
}

type OidcProfile = { sub: string; email?: string; name?: string; preferred_username?: string };

function providers(): NextAuthOptions["providers"] {
  const config = getConfig();
  const list: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, req) {
        const meta = requestMetaFrom({ get: (n) => (req.headers?.[n] as string | undefined) ?? null });
        const parsed = credentialsSchema.safeParse(raw);
        const email = parsed.success ? parsed.data.email : String(raw?.email ?? "").slice(0, 320);
        if (!parsed.success) {
          await countSignInFailure(email, meta.ip ?? null);
          await recordSignInFailure(email, "malformed", meta);
          return null;
        }
        const user = await checkCredentials(parsed.data.email, parsed.data.password);
        if (!user) {
          await countSignInFailure(email, meta.ip ?? null);
          await recordSignInFailure(email, "bad_credentials", meta);
          return null;
        }
        await clearSignInFailures(email);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ];
  if (config.GITHUB_ID && config.GITHUB_SECRET) {
    list.push(GithubProvider({ clientId: config.GITHUB_ID, clientSecret: config.GITHUB_SECRET }));
  }
  if (config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET) {
    const oidc: OAuthConfig<OidcProfile> = {
      id: "oidc",
      name: "Single sign-on",
      type: "oauth",
      wellKnown: `${config.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: config.OIDC_CLIENT_ID,
      clientSecret: config.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile: (p) => ({ id: p.sub, email: p.email ?? null, name: p.name ?? p.preferred_username ?? null }),
    };
    list.push(oidc);
  }
  return list;
}

/**
 * The account an SSO sign-in maps to. GitHub is open to anyone, so it only signs in people
 * an admin already added; the OIDC issuer is the organisation's own, so its users are
 * provisioned on first sign-in as viewers.
 */
async function ssoUser(provider: string, email: string | null | undefined, name: string | null | undefined): Promise<User | null> {
  if (!email) return null;
  const existing = await findUserByEmail(email);
  if (existing) return existing.disabledAt ? null : existing;
  if (provider !== "oidc") return null;
  const [created] = await getDb()
    .insert(users)
    .values({ email: email.toLowerCase(), name: name ?? null, role: "viewer", provider: "oidc" })
    .onConflictDoNothing()
    .returning();
  return created ?? (await findUserByEmail(email)) ?? null;
}

let cached: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  cached ??= buildAuthOptions();
  return cached;
}

/** Which single sign-on providers are on (the login page offers a button for each). */
export function ssoProviders(): { github: boolean; oidc: boolean } {
  const ids = new Set(authOptions().providers.map((p) => p.id));
  return { github: ids.has("github"), oidc: ids.has("oidc") };
}

/**
 * Thrown from the jwt callback for a cookie whose session row is revoked or expired (signed
 * out, user disabled): next-auth then answers /api/auth/session with `{}` and clears the
 * cookie, instead of the name and email the token still carries.
 */
class SessionEndedError extends Error {
  constructor() {
    super("session ended");
  }
}

function buildAuthOptions(): NextAuthOptions {
  const config = getConfig();
  return {
    secret: config.NEXTAUTH_SECRET,
    providers: providers(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    callbacks: {
      async signIn({ user, account }) {
        if (!account || account.provider === "credentials") return true;
        const dbUser = await ssoUser(account.provider, user.email, user.name);
        if (!dbUser) {
          await recordSignInFailure(user.email ?? "(no email)", `${account.provider}_not_allowed`, await currentMeta());
          return "/login?error=AccessDenied";
        }
        return true;
      },
      async jwt({ token, user, account }) {
        if (user && account) {
          const dbUser = account.provider === "credentials" ? await findUserByEmail(user.email!) : await findUserByEmail(user.email ?? "");
          if (!dbUser) return token;
          token.uid = dbUser.id;
          token.sid = await openSession(dbUser, account.provider, await currentMeta());
        } else if (!token.sid || !(await loadSessionUser(token.sid))) {
          throw new SessionEndedError();
        }
        return token;
      },
      async session({ session }) {
        // Nothing but name and email travels to the browser; role and status are read
        // from the database on the server for every request.
        return { ...session, user: { email: session.user?.email, name: session.user?.name } };
      },
    },
    logger: {
      // An ended session is an expected answer, not an error worth a log line.
      error(code, metadata) {
        const err = (metadata as { error?: unknown } | undefined)?.error ?? metadata;
        if (code === "JWT_SESSION_ERROR" && err instanceof SessionEndedError) return;
        log("next-auth").error({ code, err: errorField(err) }, "next-auth error");
      },
      warn(code) {
        log("next-auth").warn({ code }, "next-auth warning");
      },
      debug() {},
    },
    events: {
      async signOut({ token }) {
        if (token?.sid) await closeSession(token.sid, await currentMeta());
      },
    },
  };
}
