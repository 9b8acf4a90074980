import { randomUUID } from "node:crypto";
import type { AccessContext } from "@/lib/auth/principal";
import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/db/schema";
import { createUser } from "@/lib/users/create";
import { unique } from "./api";

/** A console user of the given role (no password), as the AccessContext a page or action would build. */
export async function userAccess(role: Role): Promise<AccessContext> {
  const user = await getDb().transaction((tx) => createUser(tx, { email: `${unique(role)}@example.test`, role, provider: "oidc" }, { type: "system", label: "tests" }));
  return { principal: { kind: "user", user: { id: user.id, email: user.email, name: user.name, role: user.role, sessionId: randomUUID() } }, meta: { requestId: `req-${unique("u")}` } };
}
