import { sql } from "drizzle-orm";
import { recordSequenced } from "./support/audit";
import { describe, expect, it } from "vitest";
import { recordAudit, recordAuditStandalone } from "@/lib/audit/record";
import { verifyAuditChain } from "@/lib/audit/verify";
import { canonicalJson } from "@/lib/audit/chain";
import { getDb } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema";

const actor = { type: "system", label: "test" } as const;

describe("audit chain", () => {
  it("canonical JSON sorts keys at every depth and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it("100 concurrent writers produce one linear chain without gaps", async () => {
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => recordAuditStandalone({ action: "system.seed", actor, changes: { i } })),
    );
    const result = await verifyAuditChain(getDb());
    expect(result).toMatchObject({ ok: true });
    expect(result.checked).toBeGreaterThanOrEqual(100);
    const [totals] = (await getDb().execute(sql`SELECT count(*)::int AS count, max(seq)::int AS max FROM audit_events`)).rows as { count: number; max: number }[];
    expect(totals!.count).toBe(totals!.max);
  });

  it("a rolled-back transaction leaves no audit row and no gap", async () => {
    const before = await getDb().$count(auditEvents);
    await expect(
      getDb().transaction(async (tx) => {
        await recordAudit(tx, { action: "system.seed", actor, changes: { doomed: true } });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await getDb().$count(auditEvents)).toBe(before);
    await recordAuditStandalone({ action: "system.seed", actor });
    expect(await verifyAuditChain(getDb())).toMatchObject({ ok: true });
  });

  it("redacts secret-looking fields in changes", async () => {
    const { seq } = await recordSequenced({ action: "user.create", actor, changes: { email: "a@b.c", password: "hunter2", nested: { apiKey: "opk_x" } } });
    const rows = (await getDb().execute(sql`SELECT changes::text AS c FROM audit_events WHERE seq = ${seq}`)).rows as { c: string }[];
    expect(rows[0]!.c).not.toContain("hunter2");
    expect(rows[0]!.c).not.toContain("opk_x");
  });

  it("rejects UPDATE and DELETE on the table", async () => {
    await recordAuditStandalone({ action: "system.seed", actor });
    await expect(getDb().execute(sql`UPDATE audit_events SET action = 'x'`)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/append-only/) } });
    await expect(getDb().execute(sql`DELETE FROM audit_events`)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/append-only/) } });
  });

  it("detects an edited event at its seq", async () => {
    await recordAuditStandalone({ action: "system.seed", actor, changes: { n: 1 } });
    const { seq } = await recordSequenced({ action: "system.seed", actor, changes: { n: 2 } });
    await recordAuditStandalone({ action: "system.seed", actor, changes: { n: 3 } });
    await getDb().transaction(async (tx) => {
      await tx.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`);
      await tx.execute(sql`UPDATE audit_events SET actor_label = 'mallory' WHERE seq = ${seq}`);
      await tx.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`);
    });
    expect(await verifyAuditChain(getDb())).toMatchObject({ ok: false, badSeq: seq, reason: "hash_mismatch" });
  });
});
