import type { ApiKey } from "../db/schema";

export type ApiKeyState = "active" | "revoked" | "expired";

/** An API key row without its hash, as the CLI lists it. */
export type ApiKeyDto = Omit<ApiKey, "keyHash"> & { projectSlug: string | null; state: ApiKeyState };

/** An API key as the admin pages list it: never the key or its hash. Dates as ISO strings. */
export type ApiKeyListItem = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  projectSlug: string | null;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  state: ApiKeyState;
};
