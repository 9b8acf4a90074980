import "server-only";
import { z } from "zod";
import { actorOf, type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { getDb } from "../db/client";
import { ROLES } from "../auth/roles";
import { createUser, userEmailSchema, type CreatedUser } from "./create";
import { generateOneTimePassword } from "./one-time-password";

export const userInviteSchema = z.object({
  email: userEmailSchema,
  role: z.enum(ROLES),
  name: z.string().trim().max(200).optional().transform((n) => n || undefined),
});

/**
 * Creates a credentials user with a generated one-time password (admins only). The password
 * is returned here once, for the admin to hand over; only its argon2id hash is stored, and
 * user.create is recorded in the same transaction.
 */
export async function inviteUser(ctx: AccessContext, input: z.input<typeof userInviteSchema>): Promise<{ user: CreatedUser; password: string }> {
  await authorize(ctx, "admin", "users:create");
  const values = userInviteSchema.parse(input);
  const password = generateOneTimePassword();
  const user = await getDb().transaction((tx) => createUser(tx, { ...values, password, provider: "credentials" }, actorOf(ctx.principal), ctx.meta));
  return { user, password };
}
