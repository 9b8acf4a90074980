import type { ApiKeyDto } from "../auth/api-keys";

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
  state: ApiKeyDto["state"];
};
