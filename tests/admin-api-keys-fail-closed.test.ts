import { describe, expect, it } from "vitest";
import { createApiKeyFor } from "@/lib/api-keys/create";
import type { AccessContext } from "@/lib/auth/principal";
import { getDb } from "@/lib/db/client";
import { apiKeys } from "@/lib/db/schema";
import { UnavailableError } from "@/lib/errors";
import { createUser } from "@/lib/users/create";
import { closedPortRedisUrl } from "./setup/redis";

// This file's process sees a Redis that refuses connections, before anything reads the
// configuration: key creation must then fail closed (503), not mint keys unlimited.
process.env.REDIS_URL = await closedPortRedisUrl();

describe("API key creation when the rate limiter's backend is down", () => {
  it("refuses with UnavailableError (503) and creates nothing", async () => {
    const user = await getDb().transaction((tx) => createUser(tx, { email: "closed@example.com", role: "admin", password: "a-long-test-password" }, { type: "system", label: "t" }));
    const ctx: AccessContext = { principal: { kind: "user", user: { id: user.id, email: user.email, name: null, role: "admin", sessionId: "s" } }, meta: {} };
    const attempt = createApiKeyFor(ctx, { name: "while-down", scopes: ["runs:read"] });
    await expect(attempt).rejects.toBeInstanceOf(UnavailableError);
    await expect(attempt).rejects.toMatchObject({ code: "unavailable" });
    expect(await getDb().$count(apiKeys)).toBe(0);
  });
});
