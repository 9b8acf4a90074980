"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define";
import { createMonitor, deleteMonitor, patchMonitor, rotateHeartbeatToken, updateMonitor } from "@/lib/monitors/mutations";
import { monitorIdSchema, monitorInputSchema, monitorUpdateSchema } from "@/lib/monitors/schemas";

export const createMonitorAction = defineAction({ name: "monitor.create", input: monitorInputSchema, role: "admin" }, async (ctx, input) => {
  // The /health page is dynamic; the form calls router.refresh() after the action.
  return createMonitor(ctx, input);
});

export const updateMonitorAction = defineAction({ name: "monitor.update", input: monitorUpdateSchema, role: "admin" }, async (ctx, { id, ...input }) => {
  return updateMonitor(ctx, id, input);
});

export const setMonitorEnabledAction = defineAction({ name: "monitor.set_enabled", input: z.object({ id: z.string().uuid(), enabled: z.boolean() }), role: "admin" }, async (ctx, { id, enabled }) => {
  return patchMonitor(ctx, id, { enabled });
});

export const rotateHeartbeatTokenAction = defineAction({ name: "monitor.rotate_token", input: monitorIdSchema, role: "admin" }, async (ctx, { id }) => {
  return rotateHeartbeatToken(ctx, id);
});

export const deleteMonitorAction = defineAction({ name: "monitor.delete", input: monitorIdSchema, role: "admin" }, async (ctx, { id }) => {
  return deleteMonitor(ctx, id);
});
