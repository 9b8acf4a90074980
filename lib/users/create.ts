import "server-only";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import type { Actor, RequestMeta } from "../request/meta";
import { hashPassword } from "../auth/password";
import type { Tx } from "../db/client";
import { ROLES } from "../auth/roles";
import { users, type User } from "../db/schema";
import { ConflictError } from "../errors";
import { emailAddressSchema } from "../validations/email";

export const PASSWORD_MIN_LENGTH = 12;
// argon2 hashes whatever it is given; a bound keeps a megabyte "password" from costing a megabyte of work.
export const PASSWORD_MAX_LENGTH = 1024;

// RFC 5321 lengths: a 300-character address would be accepted and then undeliverable.
export const userEmailSchema = emailAddressSchema;

export const userCreateSchema = z
  .object({
    email: userEmailSchema,
    password: z
      .string()
      .min(PASSWORD_MIN_LENGTH, `A password is at least ${PASSWORD_MIN_LENGTH} characters.`)
      .max(PASSWORD_MAX_LENGTH, `A password is at most ${PASSWORD_MAX_LENGTH} characters.`)
      .optional(),
    role: z.enum(ROLES, `Choose a role: ${ROLES.join(", ")}.`),
    name: z.string().trim().min(1, "Enter a name, or leave the field empty.").max(200, "A name is at most 200 characters.").optional(),
    provider: z.enum(["credentials", "github", "oidc"]).default("credentials"),
  })
  .refine((u) => u.provider !== "credentials" || u.password !== undefined, {
    path: ["password"],
    message: "Enter a password for a user who signs in with one.",
  });

export type UserCreateInput = z.input<typeof userCreateSchema>;

/** What callers get back: never the password hash. */
export type CreatedUser = Pick<User, "id" | "email" | "name" | "role" | "provider" | "createdAt">;

/**
 * Creates a user and records "user.create" in the caller's transaction. The caller has
 * already decided the actor may do this (an admin action, or the CLI as system).
 * Throws ConflictError when the email (case-insensitively) is taken.
 */
export async function createUser(tx: Tx, input: UserCreateInput, actor: Actor, meta?: RequestMeta): Promise<CreatedUser> {
  const values = userCreateSchema.parse(input);
  const passwordHash = values.password === undefined ? null : await hashPassword(values.password);
  // ON CONFLICT DO NOTHING (the unique index is on lower(email)) rather than catching a
  // unique violation: the transaction stays usable, and a concurrent insert of the same
  // email waits for the other to commit, then lands here as a conflict too.
  const [row] = await tx
    .insert(users)
    .values({ email: values.email, name: values.name ?? null, role: values.role, provider: values.provider, passwordHash })
    .onConflictDoNothing()
    .returning({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      provider: users.provider,
      createdAt: users.createdAt,
    });
  if (!row) throw new ConflictError(`A user with email ${values.email} already exists`, { email: values.email });
  await recordAudit(tx, {
    action: "user.create",
    actor,
    target: { type: "user", id: row.id, label: row.email },
    changes: { email: row.email, role: row.role },
    meta,
  });
  return row;
}
