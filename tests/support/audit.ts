import { eq } from "drizzle-orm";
import { recordAuditStandalone, type AuditInput } from "@/lib/audit/record";
import { settleAuditChain } from "@/lib/audit/sequencer";
import { getDb } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema";

/** Records one standalone event and waits for the sequencer to place it: its id and seq. */
export async function recordSequenced(input: Omit<AuditInput, "actor"> & Partial<Pick<AuditInput, "actor">>): Promise<{ id: number; seq: number }> {
  const { id } = await recordAuditStandalone({ actor: { type: "system", label: "test" }, ...input });
  if (!(await settleAuditChain(getDb()))) throw new Error("audit sequencer did not settle");
  const [row] = await getDb().select({ seq: auditEvents.seq }).from(auditEvents).where(eq(auditEvents.id, id));
  if (row?.seq == null) throw new Error(`audit event ${id} has no seq after settling`);
  return { id, seq: row.seq };
}
