import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { recordAuditStandalone } from "@/lib/audit/record";
import { pruneAuditEvents } from "@/lib/audit/retention";
import { verifyAuditChain } from "@/lib/audit/verify";
import { getDb } from "@/lib/db/client";
import { registeredJobs, runJobOnce } from "@/lib/jobs/scheduler";
import "@/lib/audit/jobs";
import { auditCheckpoints, auditEvents, backgroundJobs } from "@/lib/db/schema";
import { appendChainedAuditEvents } from "@/scripts/lib/audit-fill";

const actor = { type: "system", label: "retention test" } as const;
const DAY = 86_400_000;

describe("audit retention", () => {
  it("prunes events older than the retention through a checkpoint, and the rest still verifies from it", async () => {
    const old = Date.now() - 400 * DAY;
    const { lastSeq: lastOld } = await appendChainedAuditEvents(getDb(), 500, { occurredAt: (i) => new Date(old + i * 1000) });
    const [lastOldRow] = await getDb().select().from(auditEvents).where(eq(auditEvents.seq, lastOld));
    await recordAuditStandalone({ action: "system.seed", actor, changes: { fresh: 1 } });
    await recordAuditStandalone({ action: "system.seed", actor, changes: { fresh: 2 } });

    const { removed } = await pruneAuditEvents({ retentionDays: 365 });
    expect(removed).toBe(500);
    const [checkpoint] = await getDb().select().from(auditCheckpoints);
    expect(checkpoint).toMatchObject({ lastRemovedSeq: lastOld, lastRemovedHash: lastOldRow!.hash, removedCount: 500 });
    const remaining = await getDb().select().from(auditEvents).orderBy(asc(auditEvents.seq));
    expect(remaining[0]!.seq).toBe(lastOld + 1);
    expect(remaining[0]!.prevHash).toBe(lastOldRow!.hash);
    // The pruning is itself on the record, chained after the checkpoint.
    expect(remaining.at(-1)).toMatchObject({ action: "audit.prune", changes: expect.objectContaining({ removed: 500 }) });

    const result = await verifyAuditChain(getDb());
    expect(result).toMatchObject({ ok: true, checkpointSeq: lastOld, checked: remaining.length });

    // Nothing to prune now: no second checkpoint, no event.
    expect((await pruneAuditEvents({ retentionDays: 365 })).removed).toBe(0);
    expect(await getDb().$count(auditCheckpoints)).toBe(1);
  });

  it("still refuses a plain DELETE, and a checkpoint cannot be edited", async () => {
    await expect(getDb().execute(sql`DELETE FROM audit_events WHERE seq = (SELECT min(seq) FROM audit_events)`)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/append-only/) } });
    await expect(getDb().execute(sql`UPDATE audit_checkpoints SET last_removed_hash = 'x'`)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/append-only/) } });
  });

  it("catches a deletion right after the checkpoint as a gap at checkpoint seq + 1", async () => {
    const [checkpoint] = await getDb().select().from(auditCheckpoints);
    const target = checkpoint!.lastRemovedSeq + 1;
    const [saved] = await getDb().select().from(auditEvents).where(eq(auditEvents.seq, target));
    await getDb().transaction(async (tx) => {
      await tx.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`);
      await tx.execute(sql`DELETE FROM audit_events WHERE seq = ${target}`);
      await tx.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`);
    });
    expect(await verifyAuditChain(getDb())).toMatchObject({ ok: false, badSeq: target, reason: "gap" });
    await getDb().insert(auditEvents).values(saved!);
    expect(await verifyAuditChain(getDb())).toMatchObject({ ok: true });
  });

  it("runs as the audit.retention background job", async () => {
    expect(registeredJobs().map((j) => j.name)).toContain("audit.retention");
    expect(await runJobOnce("audit.retention")).toBe("ran");
    const [job] = await getDb().select().from(backgroundJobs).where(eq(backgroundJobs.name, "audit.retention"));
    expect(job).toMatchObject({ lastStatus: "ok", runCount: 1 });
  });
});
