"use server";

import { defineAction } from "@/lib/actions/define";
import { createMonitor, deleteMonitor, updateMonitor } from "@/lib/monitors/mutations";
import { monitorIdSchema, monitorInputSchema, monitorUpdateSchema } from "@/lib/monitors/schemas";

export const createMonitorAction = defineAction({ name: "monitor.create", input: monitorInputSchema, role: "admin" }, async (ctx, input) => {
  // The /health page is dynamic; the form calls router.refresh() after the action.
  return createMonitor(ctx, input);
});

export const updateMonitorAction = defineAction({ name: "monitor.update", input: monitorUpdateSchema, role: "admin" }, async (ctx, { id, ...input }) => {
  return updateMonitor(ctx, id, input);
});

export const deleteMonitorAction = defineAction({ name: "monitor.delete", input: monitorIdSchema, role: "admin" }, async (ctx, { id }) => {
  return deleteMonitor(ctx, id);
});
