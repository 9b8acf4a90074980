import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Set before anything reads the configuration: this file's NEXTAUTH_SECRET is one we can grep for.
const SECRET = vi.hoisted(() => {
  const value = `nas-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  process.env.NEXTAUTH_SECRET = value;
  return value;
});

import { GET as auditRoute } from "@/app/api/v1/audit/route";
import { POST as testChannelRoute } from "@/app/api/v1/channels/[id]/test/route";
import { GET as listChannelsRoute, POST as createChannelRoute } from "@/app/api/v1/channels/route";
import { PATCH as patchProjectRoute } from "@/app/api/v1/projects/[slug]/route";
import { POST as createProjectRoute } from "@/app/api/v1/projects/route";
import { POST as createRunRoute } from "@/app/api/v1/projects/[slug]/runs/route";
import { PATCH as patchRunRoute } from "@/app/api/v1/runs/[id]/route";
import { authOptions } from "@/lib/auth/options";
import { hashApiKey } from "@/lib/api-keys/secret";
import { closeSession, findUserByEmail, openSession } from "@/lib/auth/users";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { createUser } from "@/lib/users/create";
import { call, makeKey, revokeKey, unique } from "./support/api";

// Every mutation we can reach, then a grep of everything the audit trail keeps or emits
// (each event's changes and whole row, both export formats, the console) for the secrets
// those mutations handled.

const output: string[] = [];
const methods = ["log", "info", "warn", "error", "debug"] as const;
beforeAll(() => {
  for (const m of methods) vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void output.push(args.map(String).join(" ")));
});
afterAll(() => vi.restoreAllMocks());

describe("no secret reaches the audit trail, its exports or the logs", () => {
  it("after API key create/revoke, project and run mutations, user create, sign-in failure and success, sign-out", async () => {
    expect(getConfig().NEXTAUTH_SECRET).toBe(SECRET);
    const secrets: string[] = [SECRET];

    const admin = await makeKey();
    secrets.push(admin.key, hashApiKey(admin.key));
    const spare = await makeKey({ scopes: ["runs:read"] });
    secrets.push(spare.key, hashApiKey(spare.key));
    await revokeKey(spare);

    const slug = unique();
    const project = await call(createProjectRoute, "POST", "/api/v1/projects", { key: admin.key, body: { slug, name: "Secrets", description: "plain" } });
    expect(project.status).toBe(201);
    expect((await call(patchProjectRoute, "PATCH", `/api/v1/projects/${slug}`, { key: admin.key, params: { slug }, body: { name: "Renamed" } })).status).toBe(200);
    const run = await call(createRunRoute, "POST", `/api/v1/projects/${slug}/runs`, {
      key: admin.key,
      params: { slug },
      headers: { "idempotency-key": unique("idem") },
      body: { name: "deploy", metadata: { password: "run-metadata-password-123", apiKey: "opk_in_metadata_000" } },
    });
    expect(run.status, run.text).toBe(201);
    secrets.push("run-metadata-password-123", "opk_in_metadata_000");
    expect((await call(patchRunRoute, "PATCH", `/api/v1/runs/${run.json.id}`, { key: admin.key, params: { id: run.json.id }, body: { status: "running", metadata: { token: "tok-in-patch-456" } } })).status).toBe(200);
    secrets.push("tok-in-patch-456");

    const password = `pw-${randomBytes(12).toString("hex")}`;
    const email = `${unique("user")}@example.com`;
    await getDb().transaction((tx) => createUser(tx, { email, role: "operator", password }, { type: "system", label: "tests" }));
    secrets.push(password);

    const credentials = authOptions().providers.find((p) => p.id === "credentials") as unknown as { options: { authorize: (c: unknown, r: unknown) => Promise<unknown> } };
    const wrong = `wrong-${randomBytes(12).toString("hex")}`;
    secrets.push(wrong);
    expect(await credentials.options.authorize({ email, password: wrong }, { headers: { "user-agent": "secrets-test" } })).toBeNull();
    expect(await credentials.options.authorize({ email, password }, { headers: {} })).toMatchObject({ email });
    const sessionId = await openSession((await findUserByEmail(email))!, "credentials", { requestId: "secrets-test" });
    await closeSession(sessionId, {});

    // Notification channels: their secrets (a Slack URL's token, an SMTP password, a routing
    // key, a webhook's signing secret) go in once and never come back out, a failed test
    // send included (its error names no URL).
    const slackToken = `T${randomBytes(8).toString("hex")}/B${randomBytes(8).toString("hex")}`;
    const smtpPassword = `smtp-${randomBytes(10).toString("hex")}`;
    const routingKey = `rk${randomBytes(14).toString("hex")}`;
    const slack = await call(createChannelRoute, "POST", "/api/v1/channels", { key: admin.key, body: { kind: "slack", name: unique("slack"), url: `http://127.0.0.1:9/services/${slackToken}` } });
    const mail = await call(createChannelRoute, "POST", "/api/v1/channels", { key: admin.key, body: { kind: "email", name: unique("mail"), host: "127.0.0.1", port: 9, user: "ops", password: smtpPassword, from: "ops@example.com", to: ["a@example.com"] } });
    const pd = await call(createChannelRoute, "POST", "/api/v1/channels", { key: admin.key, body: { kind: "pagerduty", name: unique("pd"), routingKey, url: "http://127.0.0.1:9/enqueue" } });
    const hook = await call(createChannelRoute, "POST", "/api/v1/channels", { key: admin.key, body: { kind: "webhook", name: unique("hook"), url: "http://127.0.0.1:9/hook" } });
    for (const c of [slack, mail, pd, hook]) expect(c.status, c.text).toBe(201);
    secrets.push(slackToken, smtpPassword, routingKey, hook.json.signingSecret);
    for (const c of [slack, mail, pd, hook]) expect((await call(testChannelRoute, "POST", `/api/v1/channels/${c.json.id}/test`, { key: admin.key, params: { id: c.json.id } })).json.outcome).not.toBe("delivered");
    const channelList = await call(listChannelsRoute, "GET", "/api/v1/channels", { key: admin.key });

    const rows = (await getDb().execute(sql`SELECT action, coalesce(changes::text, '') AS changes, to_jsonb(e)::text AS row FROM audit_events e`)).rows as { action: string; changes: string; row: string }[];
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ["channel.create", "channel.test", "api_key.create", "api_key.revoke", "project.create", "project.update", "run.create", "run.update", "user.create", "auth.signin.failure", "auth.signin.success", "auth.signout"]) {
      expect(actions, a).toContain(a);
    }

    const ndjson = await call(auditRoute, "GET", "/api/v1/audit?format=ndjson", { key: admin.key });
    const csv = await call(auditRoute, "GET", "/api/v1/audit?format=csv", { key: admin.key });
    const page = await call(auditRoute, "GET", "/api/v1/audit?limit=200", { key: admin.key });
    expect(ndjson.text.split("\n").length).toBeGreaterThan(rows.length);

    const haystacks: Record<string, string> = {
      changes: rows.map((r) => r.changes).join("\n"),
      rows: rows.map((r) => r.row).join("\n"),
      ndjson: ndjson.text,
      csv: csv.text,
      page: page.text,
      channels: channelList.text,
      deliveries: JSON.stringify((await getDb().execute(sql`SELECT d.payload, d.last_error, a.error, a.response_excerpt FROM notification_deliveries d LEFT JOIN notification_attempts a ON a.delivery_id = d.id`)).rows),
      console: output.join("\n"),
    };
    for (const [where, text] of Object.entries(haystacks)) {
      for (const secret of secrets) expect(text.includes(secret), `${where} contains a secret (${secret.slice(0, 6)}…)`).toBe(false);
    }
    // The grep can fail: the metadata really was recorded, with its secrets redacted.
    expect(haystacks.changes).toContain("[redacted]");
  });
});
