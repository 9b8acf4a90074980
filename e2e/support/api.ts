import { createHash, randomInt } from "node:crypto";
import { expect, type APIRequestContext } from "@playwright/test";
import { withE2eDatabase } from "./db";

// Calls to the v1 API as an integration would make them. The key row is written straight
// into the e2e database, shaped and hashed the way lib/auth/api-keys.ts does it
// (`opk_` + 43 base62 characters, stored as SHA-256 hex plus a display prefix).

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export async function insertApiKey(name: string, scopes: string[]): Promise<string> {
  const key = `opk_${Array.from({ length: 43 }, () => BASE62[randomInt(62)]).join("")}`;
  const hash = createHash("sha256").update(key).digest("hex");
  await withE2eDatabase((db) =>
    db.query("INSERT INTO api_keys (name, prefix, key_hash, scopes) VALUES ($1, $2, $3, $4::text[])", [name, key.slice(0, 12), hash, scopes]),
  );
  return key;
}

export type ApiRun = { id: string; name: string; status: string; projectId: string };

export function v1(request: APIRequestContext, key: string) {
  const headers = { authorization: `Bearer ${key}` };
  async function send(method: "post" | "patch", path: string, data: unknown, expected: number) {
    const res = await request[method](`/api/v1${path}`, { headers, data });
    expect(res.status(), await res.text()).toBe(expected);
    return res.json();
  }
  return {
    createProject: (slug: string) => send("post", "/projects", { slug, name: `E2E ${slug}` }, 201),
    createRun: (slug: string, name: string, status: "queued" | "running" = "queued"): Promise<ApiRun> => send("post", `/projects/${slug}/runs`, { name, status }, 201),
    setStatus: (id: string, status: string): Promise<ApiRun> => send("patch", `/runs/${id}`, { status }, 200),
    appendLogs: (id: string, messages: string[]) => send("post", `/runs/${id}/logs`, { lines: messages.map((message) => ({ message })) }, 201),
  };
}
