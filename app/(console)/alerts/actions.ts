"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define";
import { createAlertRule, deleteAlertRule, updateAlertRule } from "@/lib/alerts/rules";
import { alertRuleCreateSchema, alertRulePatchSchema, silenceCreateSchema } from "@/lib/alerts/schemas";
import { createSilence, deleteSilence } from "@/lib/alerts/silences";
import { channelCreateSchema, channelPatchSchema } from "@/lib/channels/schemas";
import { createChannel, deleteChannel, updateChannel } from "@/lib/channels/store";
import { testChannel } from "@/lib/channels/test";

// /alerts: rules and silences (operators and admins), channels (admins; a test send is an
// operator's too). Each domain function authorizes again and audits in its transaction.

const byId = z.object({ id: z.uuid({ message: "must be an id" }) });

export const createAlertRuleAction = defineAction({ name: "alert_rules.create", input: alertRuleCreateSchema, scope: "alerts:write" }, (ctx, input) => createAlertRule(ctx, input));
export const updateAlertRuleAction = defineAction({ name: "alert_rules.update", input: byId.extend({ patch: alertRulePatchSchema }), scope: "alerts:write" }, (ctx, { id, patch }) => updateAlertRule(ctx, id, patch));
export const deleteAlertRuleAction = defineAction({ name: "alert_rules.delete", input: byId, scope: "alerts:write" }, (ctx, { id }) => deleteAlertRule(ctx, id));

/** The answer carries a webhook's signing secret this once; the client shows it and forgets it. */
export const createChannelAction = defineAction({ name: "channels.create", input: channelCreateSchema, role: "admin" }, (ctx, input) => createChannel(ctx, input));
export const updateChannelAction = defineAction({ name: "channels.update", input: byId.extend({ patch: channelPatchSchema }), role: "admin" }, (ctx, { id, patch }) => updateChannel(ctx, id, patch));
export const deleteChannelAction = defineAction({ name: "channels.delete", input: byId, role: "admin" }, (ctx, { id }) => deleteChannel(ctx, id));
export const testChannelAction = defineAction({ name: "channels.test", input: byId, scope: "alerts:write" }, (ctx, { id }) => testChannel(ctx, id));

export const createSilenceAction = defineAction({ name: "silences.create", input: silenceCreateSchema, scope: "alerts:write" }, (ctx, input) => createSilence(ctx, input));
export const deleteSilenceAction = defineAction({ name: "silences.delete", input: byId, scope: "alerts:write" }, (ctx, { id }) => deleteSilence(ctx, id));
