import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as projectsRoute from "@/app/api/v1/projects/route";
import { getDb } from "@/lib/db/client";
import { apiKeys, projects, runs } from "@/lib/db/schema";
import { auditEventsFor, call, expectAuditChainIntact, expectProblem, makeKey, makeProject } from "./support/api";
import { SCOPES } from "@/lib/auth/scopes";
import { cli, CLI_TIMEOUT as TIMEOUT } from "./support/cli";
import { until } from "./support/until";
import { apiKeyCache } from "@/lib/api-keys/authenticate";

// `npm run cli -- api-key …` and `generate`, end to end: the real CLI in a child process,
// its keys used against the real route handlers.

const KEY = /^opk_[0-9A-Za-z]{43}$/;
const listProjects = (key: string) => call(projectsRoute.GET, "GET", "/api/v1/projects", { key });

async function createKey(args: string[]): Promise<{ key: string; id: string; stdout: string }> {
  const { code, stdout, stderr } = await cli(["api-key", "create", ...args]);
  expect(code, stderr).toBe(0);
  const lines = stdout.trimEnd().split("\n");
  const id = /^ {2}id {7}(\S+)$/m.exec(stdout)?.[1];
  return { key: lines.at(-1)!, id: id!, stdout };
}

describe("npm run cli -- api-key", () => {
  it("create prints the details, then the key alone on the last line; the key authenticates and the creation is audited as the CLI", { timeout: TIMEOUT }, async () => {
    const { key, id, stdout } = await createKey(["--name", "ci deploys", "--scopes", "projects:read,runs:write"]);
    expect(key).toMatch(KEY);
    expect(stdout.split("\n").filter((l) => l.includes(key))).toEqual([key]); // printed once
    expect(stdout).toMatch(/^created API key "ci deploys"\n {2}id {7}[0-9a-f-]{36}\n {2}prefix {3}opk_\w{8}…\n {2}scopes {3}projects:read, runs:write\n {2}project {2}\(all projects\)\n {2}expires {2}never\n/);

    const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(row).toMatchObject({ name: "ci deploys", scopes: ["projects:read", "runs:write"], projectId: null, expiresAt: null, revokedAt: null });
    expect(stdout).not.toContain(row!.keyHash);

    const res = await listProjects(key);
    expect(res.status, res.text).toBe(200);

    const [event] = await auditEventsFor("api_key.create", id);
    expect(event).toMatchObject({ actorType: "system", actorLabel: "cli" });
    expect(JSON.stringify(event)).not.toContain(key);
    await expectAuditChainIntact();
  });

  it("create binds the key to --project and sets --expires-in-days", { timeout: TIMEOUT }, async () => {
    const owner = await makeKey();
    const project = await makeProject(owner);
    const before = Date.now();
    const { id, stdout } = await createKey(["--name", "bound", "--scopes", "runs:read", "--project", project.slug, "--expires-in-days", "30"]);
    const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, id));
    const [bound] = await getDb().select({ id: projects.id }).from(projects).where(eq(projects.slug, project.slug));
    expect(row!.projectId).toBe(bound!.id);
    const expires = row!.expiresAt!.getTime();
    expect(expires).toBeGreaterThanOrEqual(before + 30 * 86_400_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 30 * 86_400_000);
    expect(stdout).toContain(`  project  ${project.slug}\n  expires  ${row!.expiresAt!.toISOString()}\n`);
  });

  it("revoke makes the key fail here once the change is heard (this process caches the key), and is audited as the CLI", { timeout: TIMEOUT }, async () => {
    const { key, id } = await createKey(["--name", "short-lived", "--scopes", "projects:read"]);
    await apiKeyCache()!.ready();
    expect((await listProjects(key)).status).toBe(200);
    const hits = apiKeyCache()!.status().hits;
    expect((await listProjects(key)).status).toBe(200);
    expect(apiKeyCache()!.status().hits).toBe(hits + 1);

    const revoked = await cli(["api-key", "revoke", id]);
    expect(revoked).toMatchObject({ code: 0, stdout: `revoked API key ${id}\n` });
    // The CLI's commit notifies this process (drizzle/0014); tests/api-key-cache.test.ts measures how soon.
    await until(async () => (await listProjects(key)).status === 401, "the CLI's revocation to be heard", 2_000);
    expectProblem(await listProjects(key), 401);
    const [event] = await auditEventsFor("api_key.revoke", id);
    expect(event).toMatchObject({ actorType: "system", actorLabel: "cli" });
  });

  it("revoke of an unknown or already revoked key says so on one line and exits 1", { timeout: TIMEOUT }, async () => {
    const gone = await makeKey();
    await cli(["api-key", "revoke", gone.id]);
    const [unknown, again, notUuid] = await Promise.all([
      cli(["api-key", "revoke", "00000000-0000-4000-8000-000000000000"]),
      cli(["api-key", "revoke", gone.id]),
      cli(["api-key", "revoke", "nope"]),
    ]);
    expect(unknown).toEqual({ code: 1, stdout: "", stderr: "error: no active API key with id 00000000-0000-4000-8000-000000000000\n" });
    expect(again).toEqual({ code: 1, stdout: "", stderr: `error: no active API key with id ${gone.id}\n` });
    expect(notUuid).toEqual({ code: 1, stdout: "", stderr: "error: no active API key with id nope\n" });
    expect(await auditEventsFor("api_key.revoke", gone.id)).toHaveLength(1);
  });

  it("refuses bad input with exit 2 and one clear line, creating nothing", { timeout: TIMEOUT }, async () => {
    const before = await getDb().$count(apiKeys);
    const outcomes = await Promise.all([
      cli(["api-key", "create", "--name", "x", "--scopes", "runs:read,runs:delete"]),
      cli(["api-key", "create", "--name", "x", "--scopes", ","]),
      cli(["api-key", "create", "--scopes", "runs:read"]),
      cli(["api-key", "create", "--name", "x", "--scopes", "runs:read", "--expires-in-days", "0"]),
      cli(["api-key", "revoke"]),
    ]);
    for (const { code, stdout, stderr } of outcomes) {
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain("usage: npm run cli -- <command>");
    }
    expect(outcomes[0]!.stderr.split("\n")[0]).toBe(`--scopes: unknown scope runs:delete; use a comma-separated list of ${SCOPES.join(", ")}`);
    expect(SCOPES).toContain("runs:write");
    expect(outcomes[1]!.stderr).toMatch(/^--scopes: none given;/);
    expect(outcomes[2]!.stderr).toMatch(/^api-key create needs --name and --scopes\n/);
    expect(outcomes[3]!.stderr).toMatch(/^--expires-in-days must be a whole number from 1 to 3,650\n/);
    expect(outcomes[4]!.stderr).toMatch(/^api-key revoke takes ID\n/);
    expect(await getDb().$count(apiKeys)).toBe(before);
  });

  it("create for a project that does not exist fails with one line and exit 1", { timeout: TIMEOUT }, async () => {
    const before = await getDb().$count(apiKeys);
    const outcome = await cli(["api-key", "create", "--name", "x", "--scopes", "runs:read", "--project", "no-such-project"]);
    expect(outcome).toEqual({ code: 1, stdout: "", stderr: "error: Project no-such-project not found\n" });
    expect(await getDb().$count(apiKeys)).toBe(before);
  });

  it("list shows every key with its state and never a secret", { timeout: TIMEOUT }, async () => {
    const live = await createKey(["--name", "listed live", "--scopes", "runs:read"]);
    const dead = await createKey(["--name", "listed dead", "--scopes", "runs:read"]);
    await cli(["api-key", "revoke", dead.id]);
    const { code, stdout } = await cli(["api-key", "list"]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toMatch(/^ID +PREFIX +NAME +STATE +SCOPES +PROJECT +CREATED +EXPIRES +LAST USED$/);
    expect(stdout).toMatch(new RegExp(`^${live.id} +${live.key.slice(0, 12)}… +listed live +active +runs:read +\\* `, "m"));
    expect(stdout).toMatch(new RegExp(`^${dead.id} +${dead.key.slice(0, 12)}… +listed dead +revoked `, "m"));
    const hashes = (await getDb().select({ h: apiKeys.keyHash }).from(apiKeys)).map((r) => r.h);
    for (const secret of [live.key, dead.key, ...hashes]) expect(stdout).not.toContain(secret);
  });
});

describe("npm run cli -- generate", () => {
  const countIn = async (slug: string) =>
    Number(
      ((await getDb().execute(sql`SELECT count(*)::int AS n FROM ${runs} JOIN ${projects} ON ${projects.id} = ${runs.projectId} WHERE ${projects.slug} = ${slug}`)).rows[0] as { n: number }).n,
    );

  it("inserts exactly --runs runs into bench-01, showing progress, and audits as the CLI", { timeout: TIMEOUT }, async () => {
    const { code, stdout, stderr } = await cli(["generate", "--runs", "4321"]);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain("generated 4,321 / 4,321 runs");
    expect(stdout).toMatch(/^generated 4,321 runs in bench-01 in \d+\.\d s\n$/);
    expect(await countIn("bench-01")).toBe(4321);
    const events = await auditEventsFor("system.seed");
    expect(events.at(-1)).toMatchObject({ actorType: "system", actorLabel: "cli" });
  });

  it("adds to an existing --project, and refuses one that does not exist", { timeout: TIMEOUT }, async () => {
    const owner = await makeKey();
    const project = await makeProject(owner);
    const [ok, missing] = await Promise.all([cli(["generate", "--runs", "1234", "--project", project.slug]), cli(["generate", "--runs", "10", "--project", "no-such-project"])]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(await countIn(project.slug)).toBe(1234);
    expect(missing).toMatchObject({ code: 1, stdout: "" });
    expect(missing.stderr).toMatch(/error: Project no-such-project not found\n$/);
    expect(await countIn("no-such-project")).toBe(0);
  });

  it("refuses a missing or malformed --runs with exit 2", { timeout: TIMEOUT }, async () => {
    const outcomes = await Promise.all([cli(["generate"]), cli(["generate", "--runs", "ten"]), cli(["generate", "--runs", "0"])]);
    for (const { code } of outcomes) expect(code).toBe(2);
    expect(outcomes[0]!.stderr).toMatch(/^generate needs --runs N\n/);
    expect(outcomes[1]!.stderr).toMatch(/^--runs must be a whole number from 1 to 100,000,000\n/);
  });
});
