"use server";

import { defineAction } from "@/lib/actions/define";
import { createApiKeyFor } from "@/lib/api-keys/create";
import { revokeApiKeyFor } from "@/lib/api-keys/revoke";
import { apiKeyCreateSchema, apiKeyRevokeSchema } from "@/lib/api-keys/schemas";

// The key createApiKeyAction returns is shown once by the client and never again.

export const createApiKeyAction = defineAction({ name: "api_keys.create", input: apiKeyCreateSchema, role: "operator" }, async (ctx, input) => {
  const { key, apiKey } = await createApiKeyFor(ctx, input);
  return { key, name: apiKey.name, prefix: apiKey.prefix };
});

export const revokeApiKeyAction = defineAction({ name: "api_keys.revoke", input: apiKeyRevokeSchema, role: "operator" }, (ctx, input) => revokeApiKeyFor(ctx, input));
