"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define";
import { createMonitor, deleteMonitor, updateMonitor } from "@/lib/monitors/mutations";
import { monitorIdSchema, monitorInputSchema, monitorUpdateSchema } from "@/lib/monitors/schemas";

export const createMonitorAction = defineAction({ name: "monitor.create", input: monitorInputSchema, role: "admin" }, async (ctx, input) => {
  const monitor = await createMonitor(ctx, input);
  revalidatePath("/health");
  return monitor;
});

export const updateMonitorAction = defineAction({ name: "monitor.update", input: monitorUpdateSchema, role: "admin" }, async (ctx, { id, ...input }) => {
  const monitor = await updateMonitor(ctx, id, input);
  revalidatePath("/health");
  return monitor;
});

export const deleteMonitorAction = defineAction({ name: "monitor.delete", input: monitorIdSchema, role: "admin" }, async (ctx, { id }) => {
  const result = await deleteMonitor(ctx, id);
  revalidatePath("/health");
  return result;
});
