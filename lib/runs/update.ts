import "server-only";
import { and, eq } from "drizzle-orm";
import { actorOf, type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { recordAudit } from "../audit/record";
import { getDb } from "../db/client";
import { runs, type Run } from "../db/schema";
import { invalidateTags } from "../cache/tags";
import { ConflictError } from "../errors";
import { runTags } from "./create";
import { toRunDto, type RunDto } from "./dto";
import { findVisibleRun } from "./queries";
import { runPatchSchema, type RunPatchInput } from "./schemas";
import { assertMove, isFinal } from "./state-machine";

/** Timestamps that follow from a status move. */
function timestampsFor(to: Run["status"], now: Date, run: Pick<Run, "startedAt">): Partial<Run> {
  if (to === "running") return { startedAt: now };
  if (isFinal(to)) return { finishedAt: now, startedAt: run.startedAt ?? null };
  return {};
}

/**
 * PATCH /runs/{id} from an executor: status moves follow the state machine (409 with the
 * allowed moves otherwise). The UPDATE is conditional on the status we read, so two
 * concurrent movers cannot both win.
 */
export async function patchRun(ctx: AccessContext, id: string, input: RunPatchInput): Promise<RunDto> {
  await authorize(ctx, "runs:write", `run:${id}`);
  const patch = runPatchSchema.parse(input);
  const run = await getDb().transaction(async (tx) => {
    const current = await findVisibleRun(tx, ctx, id);
    const now = new Date();
    const set: Partial<Run> = { updatedAt: now };
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (patch.status && patch.status !== current.status) {
      assertMove(current.status, patch.status);
      Object.assign(set, { status: patch.status }, timestampsFor(patch.status, now, current));
      changes.status = { from: current.status, to: patch.status };
    } else if (patch.status === current.status && isFinal(patch.status)) {
      assertMove(current.status, patch.status);
    }
    if (patch.name !== undefined && patch.name !== current.name) {
      set.name = patch.name;
      changes.name = { from: current.name, to: patch.name };
    }
    if (patch.metadata !== undefined) {
      set.metadata = patch.metadata;
      changes.metadata = { from: current.metadata, to: patch.metadata };
    }
    if (Object.keys(changes).length === 0) return current;
    const [row] = await tx
      .update(runs)
      .set(set)
      .where(and(eq(runs.id, current.id), eq(runs.status, current.status)))
      .returning();
    if (!row) throw new ConflictError("The run changed while this request was being handled; retry it");
    await recordAudit(tx, {
      action: changes.status?.to === "cancelled" ? "run.cancel" : "run.update",
      actor: actorOf(ctx.principal),
      target: { type: "run", id: row.id, label: row.name },
      projectId: row.projectId,
      changes,
      meta: ctx.meta,
    });
    return row;
  });
  await invalidateTags(runTags(run.projectId));
  return toRunDto(run);
}
