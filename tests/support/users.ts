import { randomUUID } from "node:crypto";
import type { AccessContext } from "@/lib/auth/principal";
import { findUserByEmail, openSession } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/db/schema";
import { createUser } from "@/lib/users/create";
import { unique } from "./api";

/**
 * A console user of the given role (no password, so no hashing), as the AccessContext a page
 * or action would build; `id` is the user's id.
 */
export async function userAccess(role: Role): Promise<AccessContext & { id: string }> {
  const user = await getDb().transaction((tx) => createUser(tx, { email: `${unique(role)}@example.test`, role, provider: "oidc" }, { type: "system", label: "tests" }));
  return {
    id: user.id,
    principal: { kind: "user", user: { id: user.id, email: user.email, name: user.name, role: user.role, sessionId: randomUUID() } },
    meta: { requestId: `req-${unique("u")}` },
  };
}

/** A user of `role` with an open session (the one the request scope carries), and its AccessContext. */
export async function signedInUser(role: Role, provider: "credentials" | "github" = "credentials") {
  const email = `${unique(role)}@example.com`;
  const created = await getDb().transaction((tx) =>
    createUser(tx, { email, role, provider, password: provider === "credentials" ? "a-long-test-password" : undefined }, { type: "system", label: "tests" }),
  );
  const sessionId = await openSession((await findUserByEmail(email))!, provider, {});
  const ctx: AccessContext = { principal: { kind: "user", user: { id: created.id, email, name: null, role, sessionId } }, meta: { requestId: unique("req") } };
  return { ...created, sessionId, ctx };
}
