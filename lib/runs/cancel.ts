import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { actorOf, authorize, type AccessContext } from "../auth/principal";
import { recordAudit } from "../audit/record";
import { getDb } from "../db/client";
import { runs } from "../db/schema";
import { invalidateTags } from "../cache/tags";
import { ConflictError } from "../errors";
import { runTags } from "./create";
import { toRunDto, type RunDto } from "./dto";
import { findVisibleRun } from "./queries";

export type CancelOutcome = { outcome: "cancelled" | "cancel_requested"; run: RunDto };

/**
 * Cancel from the console: a queued run is cancelled at once; a running run gets
 * cancel_requested_at and its executor confirms with PATCH status=cancelled.
 * Conditional UPDATEs: of two concurrent cancels exactly one wins, the other gets a 409.
 */
export async function cancelRun(ctx: AccessContext, id: string): Promise<CancelOutcome> {
  await authorize(ctx, "runs:write", `run:${id}`);
  const result = await getDb().transaction(async (tx) => {
    const current = await findVisibleRun(tx, ctx, id);
    const now = new Date();
    if (current.status === "queued") {
      const [row] = await tx
        .update(runs)
        .set({ status: "cancelled", finishedAt: now, updatedAt: now })
        .where(and(eq(runs.id, id), eq(runs.status, "queued")))
        .returning();
      if (row) {
        await recordAudit(tx, {
          action: "run.cancel",
          actor: actorOf(ctx.principal),
          target: { type: "run", id, label: row.name },
          projectId: row.projectId,
          changes: { status: { from: "queued", to: "cancelled" } },
          meta: ctx.meta,
        });
        return { outcome: "cancelled" as const, row };
      }
    }
    if (current.status === "running") {
      const [row] = await tx
        .update(runs)
        .set({ cancelRequestedAt: now, updatedAt: now })
        .where(and(eq(runs.id, id), eq(runs.status, "running"), isNull(runs.cancelRequestedAt)))
        .returning();
      if (row) {
        await recordAudit(tx, {
          action: "run.cancel_request",
          actor: actorOf(ctx.principal),
          target: { type: "run", id, label: row.name },
          projectId: row.projectId,
          changes: { cancelRequested: { from: false, to: true } },
          meta: ctx.meta,
        });
        return { outcome: "cancel_requested" as const, row };
      }
      throw new ConflictError("Cancellation was already requested for this run");
    }
    throw new ConflictError(`A ${current.status} run cannot be cancelled`, { status: current.status });
  });
  await invalidateTags(runTags(result.row.projectId));
  return { outcome: result.outcome, run: toRunDto(result.row) };
}
