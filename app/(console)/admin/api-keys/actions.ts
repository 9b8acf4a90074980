"use server";

import { defineAction } from "@/lib/actions/define";
import { issueApiKey } from "@/lib/api-keys/issue";
import { apiKeyRevokeSchema, revokeApiKeyAs } from "@/lib/api-keys/revoke";
import { apiKeyCreateSchema } from "@/lib/auth/api-keys";

// The key createApiKeyAction returns is shown once by the client and never again.

export const createApiKeyAction = defineAction({ name: "api_keys.create", input: apiKeyCreateSchema, role: "operator" }, async (ctx, input) => {
  const { key, apiKey } = await issueApiKey(ctx, input);
  return { key, name: apiKey.name, prefix: apiKey.prefix };
});

export const revokeApiKeyAction = defineAction({ name: "api_keys.revoke", input: apiKeyRevokeSchema, role: "operator" }, (ctx, input) => revokeApiKeyAs(ctx, input));
