import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { createApiKeyFor } from "@/lib/api-keys/create";
import { listApiKeysFor } from "@/lib/api-keys/list";
import { revokeApiKeyFor } from "@/lib/api-keys/revoke";
import { SCOPES, scopesForRole } from "@/lib/auth/scopes";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { apiKeys } from "@/lib/db/schema";
import { ForbiddenError, NotFoundError, RateLimitedError } from "@/lib/errors";
import { auditEventsFor, makeKey, makeProject, unique } from "./support/api";
import { userAccess } from "./support/users";

const deniedFor = async (userId: string, resource: string) => (await auditEventsFor("authz.denied")).filter((e) => e.actorId === userId && e.targetId === resource);

describe("API keys from the console (lib/api-keys)", () => {
  it("lets an operator create a key bound to a project within their role's scopes; the key works and is stored only as a hash", async () => {
    const project = await makeProject(await makeKey());
    const operator = await userAccess("operator");
    const { key, apiKey } = await createApiKeyFor(operator, { name: "ci-deploy", scopes: ["runs:read", "runs:write"], projectSlug: project.slug });
    expect(await authenticateApiKey(key)).toMatchObject({ ok: true, key: { id: apiKey.id, projectId: project.id } });
    const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(row).toMatchObject({ createdBy: operator.id });
    expect(JSON.stringify(row)).not.toContain(key);
    const [event] = await auditEventsFor("api_key.create", apiKey.id);
    expect(event).toMatchObject({ actorId: operator.id, projectId: project.id });
    expect(JSON.stringify(event)).not.toContain(key);
  });

  it("refuses an operator an unbound key (403, audited) and creates nothing", async () => {
    const operator = await userAccess("operator");
    const before = await getDb().$count(apiKeys);
    await expect(createApiKeyFor(operator, { name: "everything", scopes: ["runs:read"] })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await getDb().$count(apiKeys)).toBe(before);
    expect(await deniedFor(operator.id, "api_keys:create_unbound")).toHaveLength(1);
  });

  it("refuses scopes beyond the creator's role (an operator cannot grant projects:write or audit:read)", async () => {
    const project = await makeProject(await makeKey());
    const operator = await userAccess("operator");
    await expect(createApiKeyFor(operator, { name: "too-much", scopes: ["runs:read", "projects:write", "audit:read"], projectSlug: project.slug })).rejects.toThrow(
      /cannot grant projects:write, audit:read/,
    );
    expect(await deniedFor(operator.id, "api_keys:create_scopes")).toHaveLength(1);
  });

  it("lets an admin create an unbound key with every scope, and refuses a viewer anything", async () => {
    const admin = await userAccess("admin");
    const { apiKey } = await createApiKeyFor(admin, { name: "admin-ci", scopes: ["runs:write", "projects:write", "audit:read", "runs:write", "projects:read"] });
    expect(apiKey.projectId).toBeNull();
    // Stored once each, in the list's order (by resource, read before write), as the table shows them.
    expect(apiKey.scopes).toEqual(["projects:read", "projects:write", "runs:write", "audit:read"]);
    expect(scopesForRole("admin")).toEqual(SCOPES);
    expect(scopesForRole("viewer")).toEqual(["projects:read", "runs:read", "monitors:read", "alerts:read"]);
    const viewer = await userAccess("viewer");
    await expect(createApiKeyFor(viewer, { name: "v", scopes: ["runs:read"], projectSlug: "x" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listApiKeysFor(viewer)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("lists keys without secrets: operators see bound keys only, admins all, with state", async () => {
    const project = await makeProject(await makeKey());
    const admin = await userAccess("admin");
    const unbound = await createApiKeyFor(admin, { name: unique("unbound"), scopes: ["runs:read"] });
    const bound = await createApiKeyFor(admin, { name: unique("bound"), scopes: ["runs:read"], projectSlug: project.slug });
    await revokeApiKeyFor(admin, { id: bound.apiKey.id });
    const operator = await userAccess("operator");
    const forOperator = await listApiKeysFor(operator);
    expect(forOperator.map((k) => k.id)).toContain(bound.apiKey.id);
    expect(forOperator.map((k) => k.id)).not.toContain(unbound.apiKey.id);
    const forAdmin = await listApiKeysFor(admin);
    expect(forAdmin.find((k) => k.id === bound.apiKey.id)).toMatchObject({ state: "revoked", projectSlug: project.slug, createdBy: admin.principal.kind === "user" ? admin.principal.user.email : null });
    expect(forAdmin.find((k) => k.id === unbound.apiKey.id)).toMatchObject({ state: "active", projectSlug: null });
    const text = JSON.stringify(forAdmin);
    expect(text).not.toContain(unbound.key);
    expect(text).not.toMatch(/keyHash|key_hash/);
  });

  it("revokes: the key is refused next; an operator cannot revoke an unbound key; a second revoke is 404", async () => {
    const admin = await userAccess("admin");
    const operator = await userAccess("operator");
    const unbound = await createApiKeyFor(admin, { name: unique("u"), scopes: ["runs:read"] });
    await expect(revokeApiKeyFor(operator, { id: unbound.apiKey.id })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await authenticateApiKey(unbound.key)).toMatchObject({ ok: true });
    await revokeApiKeyFor(admin, { id: unbound.apiKey.id });
    expect(await authenticateApiKey(unbound.key)).toEqual({ ok: false, reason: "revoked" });
    await expect(revokeApiKeyFor(admin, { id: unbound.apiKey.id })).rejects.toBeInstanceOf(NotFoundError);
    expect(await auditEventsFor("api_key.revoke", unbound.apiKey.id)).toHaveLength(1);
  });

  it("rate limits key creation per user on the keys class (429 after RATELIMIT_KEYS_PER_MINUTE)", async () => {
    const admin = await userAccess("admin");
    const max = getConfig().RATELIMIT_KEYS_PER_MINUTE;
    for (let i = 0; i < max; i++) await createApiKeyFor(admin, { name: unique("burst"), scopes: ["runs:read"] });
    const before = await getDb().$count(apiKeys);
    await expect(createApiKeyFor(admin, { name: "one-too-many", scopes: ["runs:read"] })).rejects.toBeInstanceOf(RateLimitedError);
    expect(await getDb().$count(apiKeys)).toBe(before);
    // Another admin has their own allowance.
    await expect(createApiKeyFor(await userAccess("admin"), { name: unique("other"), scopes: ["runs:read"] })).resolves.toMatchObject({ key: expect.any(String) });
  });
});
