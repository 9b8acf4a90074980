"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define";
import { updateProject } from "@/lib/projects/mutations";
import { slugSchema } from "@/lib/projects/schemas";
import { cancelRun } from "@/lib/runs/cancel";
import { retryRun } from "@/lib/runs/retry";

// The console's run and project actions. Each domain function checks the scope again
// (audited denial) and writes its audit event in the mutation's transaction.

const runInput = z.object({ runId: z.uuid() });

/** queued → cancelled at once; running → cancel requested (the executor confirms). */
export const cancelRunAction = defineAction({ name: "run.cancel", input: runInput, scope: "runs:write" }, async (ctx, { runId }) => {
  const { outcome, run } = await cancelRun(ctx, runId);
  return { outcome, status: run.status, name: run.name };
});

/** A new queued run linked to this one by retryOf. */
export const retryRunAction = defineAction({ name: "run.retry", input: runInput, scope: "runs:write" }, async (ctx, { runId }) => {
  const run = await retryRun(ctx, runId);
  return { id: run.id, name: run.name };
});

export const setProjectArchivedAction = defineAction(
  { name: "project.archive", input: z.object({ slug: slugSchema, archived: z.boolean() }), scope: "projects:write" },
  async (ctx, { slug, archived }) => {
    const project = await updateProject(ctx, slug, { archived });
    return { slug: project.slug, archived: project.archived };
  },
);
