import { readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { recordSequenced } from "./support/audit";
import { describe, expect, it } from "vitest";
import { recordAuditStandalone } from "@/lib/audit/record";
import { verifyPassword } from "@/lib/auth/password";
import { getDb } from "@/lib/db/client";
import { auditEvents, users } from "@/lib/db/schema";
import { cli, CLI_TIMEOUT as TIMEOUT } from "./support/cli";

// End to end: the real CLI in a child process against this file's database.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("npm run cli", () => {
  it("help lists the working commands, and nothing that does not exist yet", { timeout: TIMEOUT }, async () => {
    const { code, stdout } = await cli(["help"]);
    expect(code).toBe(0);
    const listed = [
      "migrate",
      "seed --demo",
      "user create --email E --role R",
      "api-key create --name N --scopes a,b [--project SLUG] [--expires-in-days D]",
      "api-key revoke ID",
      "api-key list",
      "generate --runs N [--project SLUG]",
      "audit verify",
    ];
    for (const command of listed) expect(stdout).toContain(command);
    // Every command line of the help names a command the CLI knows: given an option it
    // does not take, each answers with that option, not "unknown command".
    const names = [...stdout.matchAll(/^ {2}([a-z][a-z-]*(?: [a-z][a-z-]*)?)(?= |$)/gm)].map((m) => m[1]!);
    expect(names).toEqual(["migrate", "seed", "user create", "api-key create", "api-key revoke", "api-key list", "generate", "audit verify", "help"]);
    const outcomes = await Promise.all(names.filter((n) => n !== "help").map((n) => cli([...n.split(" "), "--no-such-option"])));
    for (const { code, stderr } of outcomes) {
      expect(code).toBe(2);
      expect(stderr).toMatch(/^Unknown option '--no-such-option'/);
    }
  });

  it("exits 2 with the usage text on a usage error", { timeout: TIMEOUT }, async () => {
    const outcomes = await Promise.all([
      cli([]),
      cli(["frobnicate"]),
      cli(["user", "create", "--email", "x@example.com"]),
      cli(["audit", "verify", "--fast"]),
      cli(["user", "create", "--email", "x@example.com", "--role", "root"]),
    ]);
    for (const { code, stderr } of outcomes) {
      expect(code).toBe(2);
      expect(stderr).toContain("usage: npm run cli -- <command>");
      expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect(outcomes[1]!.stderr).toMatch(/^unknown command: frobnicate/);
    expect(outcomes[2]!.stderr).toMatch(/needs --email and --role/);
    expect(outcomes[3]!.stderr).toMatch(/--fast/);
    expect(outcomes[4]!.stderr).toMatch(/--role must be one of viewer, operator, admin/);
  });

  it("audit verify reports an intact chain and exits 0", { timeout: TIMEOUT }, async () => {
    await recordAuditStandalone({ action: "system.seed", actor: { type: "system", label: "test" } });
    await recordSequenced({ action: "system.seed" });
    const [{ n, max }] = (await getDb().execute(sql`SELECT count(*)::int AS n, max(seq)::int AS max FROM audit_events`)).rows as [{ n: number; max: number }];
    const { code, stdout, stderr } = await cli(["audit", "verify"]);
    expect(stderr).toBe("");
    expect(stdout.trim()).toBe(`audit chain OK: ${n} events, last seq ${max}`);
    expect(code).toBe(0);
  });

  it("user create reads the password from stdin, prints the id, and audits as the CLI", { timeout: TIMEOUT }, async () => {
    const { code, stdout, stderr } = await cli(["user", "create", "--email", "Ops.Lead@Example.com", "--role", "admin", "--name", "Ops Lead"], "a sturdy passphrase\n");
    expect(stderr).toContain("created admin ops.lead@example.com");
    expect(code).toBe(0);
    const id = stdout.trim();
    expect(id).toMatch(UUID);
    const [user] = await getDb().select().from(users).where(eq(users.id, id));
    expect(user).toMatchObject({ email: "ops.lead@example.com", role: "admin", name: "Ops Lead" });
    expect(await verifyPassword(user!.passwordHash!, "a sturdy passphrase")).toBe(true);
    const [event] = await getDb().select().from(auditEvents).where(eq(auditEvents.targetId, id));
    expect(event).toMatchObject({ action: "user.create", actorType: "system", actorLabel: "cli" });
  });

  it("user create refuses an empty or short password, or a taken email, with one line and exit 1", { timeout: TIMEOUT }, async () => {
    const args = (email: string) => ["user", "create", "--email", email, "--role", "viewer"];
    const [empty, short, taken] = await Promise.all([
      cli(args("empty@example.com"), ""),
      cli(args("short@example.com"), "tooshort\n"),
      cli(args("OPS.LEAD@example.com"), "another sturdy passphrase\n"),
    ]);
    expect(empty).toMatchObject({ code: 1, stdout: "" });
    expect(empty.stderr).toMatch(/^error: no password given/);
    expect(short).toMatchObject({ code: 1, stdout: "" });
    expect(short.stderr).toMatch(/^error: password too short: use at least 12 characters\n$/);
    expect(taken).toMatchObject({ code: 1, stdout: "" });
    expect(taken.stderr).toMatch(/^error: A user with email ops.lead@example.com already exists\n$/);
    expect(await getDb().$count(users, sql`${users.email} IN ('empty@example.com', 'short@example.com')`)).toBe(0);
  });

  it("seed refuses without --demo or OPSDECK_DEMO=1", { timeout: TIMEOUT }, async () => {
    const { code, stderr } = await cli(["seed"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: Refusing to seed demo data outside demo mode/);
  });

  it("audit verify with AUDIT_ANCHOR_FILE starts the anchor, then reports a truncated tail at the first missing seq", { timeout: TIMEOUT }, async () => {
    const anchorFile = path.join(os.tmpdir(), `opsdeck-cli-anchor-${process.pid}-${Date.now()}`);
    try {
      await recordAuditStandalone({ action: "system.seed", actor: { type: "system", label: "test" } });
      const first = await cli(["audit", "verify"], "", { AUDIT_ANCHOR_FILE: anchorFile });
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/anchor file started/);
      const [{ max }] = (await getDb().execute(sql`SELECT max(seq)::int AS max FROM audit_events`)).rows as [{ max: number }];
      expect(readFileSync(anchorFile, "utf8")).toMatch(new RegExp(`^${max} [0-9a-f]{64}\n$`));

      const [head] = await getDb().select().from(auditEvents).where(eq(auditEvents.seq, max));
      await getDb().transaction(async (tx) => {
        await tx.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`);
        await tx.execute(sql`DELETE FROM audit_events WHERE seq = ${max}`);
        await tx.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`);
      });
      const broken = await cli(["audit", "verify"], "", { AUDIT_ANCHOR_FILE: anchorFile });
      expect(broken.stdout.trim()).toBe(`audit chain BROKEN at seq ${max}: tail truncated (the anchor file records this event; the chain ends before it)`);
      expect(broken.code).toBe(1);
      await getDb().insert(auditEvents).values(head!);
      const again = await cli(["audit", "verify"], "", { AUDIT_ANCHOR_FILE: anchorFile });
      expect(again.stdout).toMatch(new RegExp(`matches anchor seq ${max}`));
      expect(again.code).toBe(0);
    } finally {
      rmSync(anchorFile, { force: true });
    }
  });

  // Last: it breaks this file's chain on purpose.
  it("audit verify names the first altered event and exits 1", { timeout: TIMEOUT }, async () => {
    const { seq } = await recordSequenced({ action: "system.seed", actor: { type: "system", label: "test" } });
    await recordAuditStandalone({ action: "system.seed", actor: { type: "system", label: "test" } });
    await getDb().transaction(async (tx) => {
      await tx.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`);
      await tx.execute(sql`UPDATE audit_events SET actor_label = 'mallory' WHERE seq = ${seq}`);
      await tx.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`);
    });
    const { code, stdout } = await cli(["audit", "verify"]);
    expect(stdout.trim()).toBe(`audit chain BROKEN at seq ${seq}: hash mismatch (the event was changed after it was written)`);
    expect(code).toBe(1);
  });
});
