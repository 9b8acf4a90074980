import { eq } from "drizzle-orm";
import { ZodError } from "zod";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { getDb } from "@/lib/db/client";
import { auditEvents, users } from "@/lib/db/schema";
import { ConflictError } from "@/lib/errors";
import { createUser } from "@/lib/users/create";

const actor = { type: "system", label: "test" } as const;
const create = (input: Parameters<typeof createUser>[1]) => getDb().transaction((tx) => createUser(tx, input, actor));

describe("createUser", () => {
  it("stores a lower-cased email and an argon2id hash, and returns no hash", async () => {
    const user = await create({ email: "  Ana.Lima@Example.COM ", password: "correct horse battery", role: "operator", name: "Ana" });
    expect(user).toMatchObject({ email: "ana.lima@example.com", role: "operator", name: "Ana", provider: "credentials" });
    expect(user).not.toHaveProperty("passwordHash");
    const [row] = await getDb().select().from(users).where(eq(users.id, user.id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row!.passwordHash!, "correct horse battery")).toBe(true);
  });

  it("records user.create with the email and role, never the password or its hash", async () => {
    const user = await create({ email: "audited@example.com", password: "a-long-enough-secret", role: "viewer" });
    const [event] = await getDb().select().from(auditEvents).where(eq(auditEvents.targetId, user.id));
    expect(event).toMatchObject({ action: "user.create", actorType: "system", actorLabel: "test", targetType: "user" });
    expect(event!.changes).toEqual({ email: "audited@example.com", role: "viewer" });
    expect(JSON.stringify(event)).not.toMatch(/a-long-enough-secret|argon2/);
  });

  it("rejects a duplicate email, whatever its case, with a ConflictError and records nothing", async () => {
    await create({ email: "dup@example.com", password: "first-password-ok", role: "viewer" });
    const before = await getDb().$count(auditEvents);
    const second = create({ email: "DUP@example.com", password: "second-password-ok", role: "admin" });
    await expect(second).rejects.toBeInstanceOf(ConflictError);
    await expect(second).rejects.toThrow("dup@example.com already exists");
    expect(await getDb().$count(auditEvents)).toBe(before);
    expect(await getDb().$count(users, eq(users.email, "dup@example.com"))).toBe(1);
  });

  it("rejects a malformed email, a short password, or a credentials user without one", async () => {
    await expect(create({ email: "not-an-email", password: "long-enough-password", role: "viewer" })).rejects.toBeInstanceOf(ZodError);
    await expect(create({ email: "short@example.com", password: "short", role: "viewer" })).rejects.toBeInstanceOf(ZodError);
    await expect(create({ email: "nopass@example.com", role: "viewer" })).rejects.toBeInstanceOf(ZodError);
  });

  it("creates a GitHub user without a password", async () => {
    const user = await create({ email: "octo@example.com", role: "viewer", provider: "github" });
    const [row] = await getDb().select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({ provider: "github", passwordHash: null });
  });
});
