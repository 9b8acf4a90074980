import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { asc, gte, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { recordSequenced } from "./support/audit";
import { verifyAuditChain } from "@/lib/audit/verify";
import { getDb, type Tx } from "@/lib/db/client";
import { auditEvents, type AuditEvent } from "@/lib/db/schema";
import { appendChainedAuditEvents } from "@/scripts/lib/audit-fill";

// Tampering on a real database: the append-only trigger is switched off by the superuser
// inside the test's own transaction, the chain is altered, and verification must name the
// exact seq and reason. Each test puts the chain back afterwards and checks it verifies again.

const actor = { type: "system", label: "tamper test" } as const;
const dir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-anchor-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function tamper(fn: (tx: Tx) => Promise<unknown>): Promise<void> {
  await getDb().transaction(async (tx) => {
    await tx.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`);
    await fn(tx);
    await tx.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`);
  });
}

async function rowsFrom(seq: number): Promise<AuditEvent[]> {
  return getDb().select().from(auditEvents).where(gte(auditEvents.seq, seq)).orderBy(asc(auditEvents.seq));
}

/** Deletes everything from `seq` on and puts the saved rows back, as they were. */
async function restoreFrom(seq: number, saved: AuditEvent[]): Promise<void> {
  await tamper(async (tx) => {
    await tx.delete(auditEvents).where(gte(auditEvents.seq, seq));
    await tx.insert(auditEvents).values(saved);
  });
  expect(await verifyAuditChain(getDb())).toMatchObject({ ok: true });
}

async function someEvents(n: number): Promise<number[]> {
  const seqs: number[] = [];
  for (let i = 0; i < n; i++) seqs.push((await recordSequenced({ action: "system.seed", actor, changes: { i } })).seq);
  return seqs;
}

describe("audit chain verification against tampering", () => {
  it("an untouched chain of 10,000 events verifies", { timeout: 120_000 }, async () => {
    await someEvents(3);
    await appendChainedAuditEvents(getDb(), 10_000);
    await someEvents(3);
    const result = await verifyAuditChain(getDb());
    expect(result).toMatchObject({ ok: true, checkpointSeq: null });
    expect(result.checked).toBeGreaterThanOrEqual(10_006);
  });

  it("reports an edited event at its seq as a hash mismatch", async () => {
    const [, target] = await someEvents(3);
    const saved = await rowsFrom(target!);
    await tamper((tx) => tx.execute(sql`UPDATE audit_events SET changes = '{"i": 99}'::jsonb WHERE seq = ${target}`));
    expect(await verifyAuditChain(getDb())).toMatchObject({ ok: false, badSeq: target, reason: "hash_mismatch" });
    await restoreFrom(target!, saved);
  });

  it("reports an event deleted from the middle as a gap at the missing seq", async () => {
    const [, target] = await someEvents(3);
    const saved = await rowsFrom(target!);
    await tamper((tx) => tx.execute(sql`DELETE FROM audit_events WHERE seq = ${target}`));
    expect(await verifyAuditChain(getDb())).toMatchObject({ ok: false, badSeq: target, reason: "gap" });
    await restoreFrom(target!, saved);
  });

  it("reports two swapped events as a broken link at the first of them", async () => {
    const [a, , b] = await someEvents(4);
    const saved = await rowsFrom(a!);
    await tamper(async (tx) => {
      await tx.execute(sql`UPDATE audit_events SET seq = -1 WHERE seq = ${a}`);
      await tx.execute(sql`UPDATE audit_events SET seq = ${a} WHERE seq = ${b}`);
      await tx.execute(sql`UPDATE audit_events SET seq = ${b} WHERE seq = -1`);
    });
    expect(await verifyAuditChain(getDb())).toMatchObject({ ok: false, badSeq: a, reason: "broken_link" });
    await restoreFrom(a!, saved);
  });

  it("reports an event replaced by one re-hashed to fit as a broken link at the next seq", async () => {
    const [target, next] = await someEvents(3);
    const saved = await rowsFrom(target!);
    await tamper(async (tx) => {
      const [row] = await tx.select().from(auditEvents).where(sql`seq = ${target}`);
      const { hashEvent } = await import("@/lib/audit/chain");
      const forged = { ...row!, actorLabel: "mallory" };
      await tx.execute(sql`UPDATE audit_events SET actor_label = 'mallory', hash = ${hashEvent(row!.prevHash!, { ...forged, seq: forged.seq! })} WHERE seq = ${target}`);
    });
    expect(await verifyAuditChain(getDb())).toMatchObject({ ok: false, badSeq: next, reason: "broken_link" });
    await restoreFrom(target!, saved);
  });

  it("with an anchor file: reports a truncated tail at the first missing seq, and a rewritten tail at the anchored seq", async () => {
    const anchorFile = path.join(dir, "anchor-truncate");
    const seqs = await someEvents(5);
    const first = await verifyAuditChain(getDb(), { anchorFile });
    expect(first).toMatchObject({ ok: true, anchorSeq: null });
    const head = seqs.at(-1)!;
    expect(readFileSync(anchorFile, "utf8")).toMatch(new RegExp(`^${head} [0-9a-f]{64}\\n$`));

    const cut = head - 2;
    const saved = await rowsFrom(cut);
    await tamper((tx) => tx.execute(sql`DELETE FROM audit_events WHERE seq >= ${cut}`));
    // Without the anchor, a cut tail is a shorter but sound chain: that is what the anchor is for.
    expect(await verifyAuditChain(getDb())).toMatchObject({ ok: true, lastSeq: cut - 1 });
    expect(await verifyAuditChain(getDb(), { anchorFile })).toMatchObject({ ok: false, badSeq: cut, reason: "tail_truncated" });

    // Cut and then extended with fresh, well-chained events past the anchor: the anchored event differs.
    await someEvents(4);
    expect(await verifyAuditChain(getDb(), { anchorFile })).toMatchObject({ ok: false, badSeq: head, reason: "anchor_mismatch" });
    expect(readFileSync(anchorFile, "utf8").trim().split("\n")).toHaveLength(1); // a failed verify appends nothing

    await restoreFrom(cut, saved);
    const again = await verifyAuditChain(getDb(), { anchorFile });
    expect(again).toMatchObject({ ok: true, anchorSeq: head });
  });

  it("appends a new anchor only when the head moved", async () => {
    const anchorFile = path.join(dir, "anchor-append");
    await someEvents(1);
    const a = await verifyAuditChain(getDb(), { anchorFile });
    await verifyAuditChain(getDb(), { anchorFile });
    const [b] = await someEvents(1);
    await verifyAuditChain(getDb(), { anchorFile });
    const lines = readFileSync(anchorFile, "utf8").trim().split("\n");
    expect(lines.map((l) => Number(l.split(" ")[0]))).toEqual([a.ok ? a.lastSeq : -1, b]);
  });
});
