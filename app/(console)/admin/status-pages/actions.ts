"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define";
import { statusPageIdSchema, statusPageInputSchema, statusPagePatchSchema, statusUpdateInputSchema } from "@/lib/status-pages/schemas";
import { createStatusPage, deleteStatusPage, updateStatusPage } from "@/lib/status-pages/store";
import { postStatusUpdate } from "@/lib/status-pages/updates";

// The page is dynamic; each form calls router.refresh() after its action.
export const createStatusPageAction = defineAction({ name: "status_pages.create", input: statusPageInputSchema, role: "admin" }, (ctx, input) => createStatusPage(ctx, input));

export const updateStatusPageAction = defineAction({ name: "status_pages.update", input: z.object({ id: z.uuid(), patch: statusPagePatchSchema }), role: "admin" }, (ctx, { id, patch }) => updateStatusPage(ctx, id, patch));

export const deleteStatusPageAction = defineAction({ name: "status_pages.delete", input: statusPageIdSchema, role: "admin" }, (ctx, { id }) => deleteStatusPage(ctx, id));

export const postStatusUpdateAction = defineAction({ name: "status_pages.post_update", input: z.object({ id: z.uuid(), update: statusUpdateInputSchema }), scope: "status:write" }, (ctx, { id, update }) => postStatusUpdate(ctx, id, update));
