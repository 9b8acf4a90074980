import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { checkCredentials, findUserByEmail, loadSessionUser, openSession } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { inviteUser } from "@/lib/users/invite";
import { listUsers } from "@/lib/users/list";
import { resetUserPassword } from "@/lib/users/reset-password";
import { setUserDisabled } from "@/lib/users/set-disabled";
import { setUserRole } from "@/lib/users/set-role";
import { auditEventsFor, expectAuditChainIntact, unique } from "./support/api";
import { signedInUser } from "./support/users";

/** Demotes every admin but the ones given, so a test controls how many active admins exist. */
async function onlyAdmins(...ids: string[]) {
  const all = await getDb().select({ id: users.id }).from(users).where(eq(users.role, "admin"));
  for (const { id } of all) if (!ids.includes(id)) await getDb().update(users).set({ role: "viewer" }).where(eq(users.id, id));
}

describe("users administration (lib/users)", () => {
  it("lists users with role, status, provider and last sign-in, never a hash, for admins only", async () => {
    const admin = await signedInUser("admin");
    const gh = await signedInUser("viewer", "github");
    const list = await listUsers(admin.ctx);
    expect(list.find((u) => u.id === gh.id)).toMatchObject({ provider: "github", status: "active", role: "viewer", lastSignInAt: expect.any(String) });
    expect(JSON.stringify(list)).not.toMatch(/argon2|passwordHash/);
    const operator = await signedInUser("operator");
    await expect(listUsers(operator.ctx)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await auditEventsFor("authz.denied")).toEqual(expect.arrayContaining([expect.objectContaining({ actorId: operator.id, targetId: "users:list" })]));
  });

  it("creates a credentials user with a one-time password that signs in, stored only as argon2id", async () => {
    const admin = await signedInUser("admin");
    const { user, password } = await inviteUser(admin.ctx, { email: `New.${unique("x")}@Example.com`, role: "operator" });
    expect(password).toMatch(/^[\w-]{24}$/);
    const [row] = await getDb().select().from(users).where(eq(users.id, user.id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row!.passwordHash!, password)).toBe(true);
    expect(await checkCredentials(user.email, password)).toMatchObject({ id: user.id, role: "operator" });
    const [event] = await auditEventsFor("user.create", user.id);
    expect(event).toMatchObject({ actorId: admin.id, requestId: admin.ctx.meta.requestId });
    expect(JSON.stringify(event)).not.toContain(password);
  });

  it("refuses creation by an operator, audits the denial, and creates nothing", async () => {
    const operator = await signedInUser("operator");
    const email = `${unique("nope")}@example.com`;
    await expect(inviteUser(operator.ctx, { email, role: "admin" })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await findUserByEmail(email)).toBeUndefined();
    expect((await auditEventsFor("authz.denied")).some((e) => e.actorId === operator.id && e.targetId === "users:create")).toBe(true);
  });

  it("changes a role, audited with from/to in the same transaction, effective on the user's next request", async () => {
    const admin = await signedInUser("admin");
    const target = await signedInUser("operator");
    expect(await loadSessionUser(target.sessionId)).toMatchObject({ role: "operator" });
    expect(await setUserRole(admin.ctx, { userId: target.id, role: "viewer" })).toMatchObject({ role: "viewer" });
    expect(await loadSessionUser(target.sessionId)).toMatchObject({ role: "viewer" });
    const [event] = await auditEventsFor("user.role_change", target.id);
    expect(event!.changes).toEqual({ role: { from: "operator", to: "viewer" } });
    await expectAuditChainIntact();
  });

  it("refuses to demote or disable the last active admin (409), and changes nothing", async () => {
    const admin = await signedInUser("admin");
    await onlyAdmins(admin.id);
    await expect(setUserRole(admin.ctx, { userId: admin.id, role: "operator" })).rejects.toBeInstanceOf(ConflictError);
    const other = await signedInUser("admin");
    await onlyAdmins(other.id);
    await expect(setUserDisabled(admin.ctx, { userId: other.id, disabled: true })).rejects.toThrow(/last active admin/);
    const [row] = await getDb().select().from(users).where(eq(users.id, other.id));
    expect(row).toMatchObject({ role: "admin", disabledAt: null });
    expect(await auditEventsFor("user.disable", other.id)).toEqual([]);
  });

  it("lets exactly one of two concurrent demotions of the last two admins through", async () => {
    for (let round = 0; round < 5; round++) {
      const a = await signedInUser("admin");
      const b = await signedInUser("admin");
      await onlyAdmins(a.id, b.id);
      // Each demotes the other at the same moment; without the row locks both would see two admins.
      const results = await Promise.allSettled([setUserRole(a.ctx, { userId: b.id, role: "viewer" }), setUserRole(b.ctx, { userId: a.id, role: "viewer" })]);
      expect(results.filter((r) => r.status === "fulfilled"), `round ${round}`).toHaveLength(1);
      const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(ConflictError);
      const admins = await getDb().select().from(users).where(eq(users.role, "admin"));
      expect(admins.filter((u) => !u.disabledAt)).toHaveLength(1);
    }
  });

  it("lets exactly one of a concurrent demotion and disable of the last two admins through", async () => {
    const a = await signedInUser("admin");
    const b = await signedInUser("admin");
    await onlyAdmins(a.id, b.id);
    const results = await Promise.allSettled([setUserRole(a.ctx, { userId: a.id, role: "viewer" }), setUserDisabled(a.ctx, { userId: b.id, disabled: true })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("disables a user: their sessions are revoked and refused on the next request; enabling lets them sign in again", async () => {
    const admin = await signedInUser("admin");
    const target = await signedInUser("operator");
    const second = await openSession((await findUserByEmail(target.email))!, "credentials", {});
    expect(await setUserDisabled(admin.ctx, { userId: target.id, disabled: true })).toMatchObject({ status: "disabled" });
    expect(await loadSessionUser(target.sessionId)).toBeNull();
    expect(await loadSessionUser(second)).toBeNull();
    expect(await checkCredentials(target.email, "a-long-test-password")).toBeNull();
    const [event] = await auditEventsFor("user.disable", target.id);
    expect(event!.changes).toMatchObject({ sessionsRevoked: 2 });

    await setUserDisabled(admin.ctx, { userId: target.id, disabled: false });
    expect(await checkCredentials(target.email, "a-long-test-password")).toMatchObject({ id: target.id });
    expect(await loadSessionUser(target.sessionId)).toBeNull(); // revoked sessions stay revoked
    expect(await auditEventsFor("user.enable", target.id)).toHaveLength(1);
  });

  it("refuses an admin disabling their own account", async () => {
    const admin = await signedInUser("admin");
    await signedInUser("admin");
    await expect(setUserDisabled(admin.ctx, { userId: admin.id, disabled: true })).rejects.toThrow(/your own account/);
  });

  it("resets a password: a new one-time password works, the old one does not, sessions end; SSO users are refused", async () => {
    const admin = await signedInUser("admin");
    const target = await signedInUser("viewer");
    const { password } = await resetUserPassword(admin.ctx, { userId: target.id });
    expect(await checkCredentials(target.email, "a-long-test-password")).toBeNull();
    expect(await checkCredentials(target.email, password)).toMatchObject({ id: target.id });
    expect(await loadSessionUser(target.sessionId)).toBeNull();
    const [event] = await auditEventsFor("user.password_reset", target.id);
    expect(JSON.stringify(event)).not.toContain(password);
    const gh = await signedInUser("viewer", "github");
    await expect(resetUserPassword(admin.ctx, { userId: gh.id })).rejects.toBeInstanceOf(ValidationError);
  });

  it("answers 404 for an unknown or malformed user id", async () => {
    const admin = await signedInUser("admin");
    await expect(setUserRole(admin.ctx, { userId: "00000000-0000-4000-8000-000000000000", role: "viewer" })).rejects.toThrow(/not found/);
    await expect(setUserRole(admin.ctx, { userId: "nope", role: "viewer" })).rejects.toThrow();
  });
});
