import "server-only";
import { and, inArray, isNull, sql } from "drizzle-orm";
import { verifyPassword } from "../auth/password";
import type { DbOrTx } from "../db/client";
import { users } from "../db/schema";
import { DEMO_PASSWORD, DEMO_USERS } from "./accounts";

/**
 * The demo emails that exist, are enabled and still accept the published demo password:
 * accounts anyone could sign in to. A production start refuses to run while any remain.
 */
export async function findDemoUsers(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .select({ email: users.email, passwordHash: users.passwordHash })
    .from(users)
    .where(
      and(
        inArray(
          sql`lower(${users.email})`,
          DEMO_USERS.map((u) => u.email),
        ),
        isNull(users.disabledAt),
      ),
    );
  const accepting = await Promise.all(
    rows.map(async (r) => (r.passwordHash && (await verifyPassword(r.passwordHash, DEMO_PASSWORD)) ? r.email : null)),
  );
  return accepting.filter((email): email is string => email !== null).sort();
}
