"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define";
import { incidentNoteSchema, incidentSnoozeSchema } from "@/lib/alerts/schemas";
import { acknowledgeIncident, addIncidentNote, resolveIncident, snoozeIncident } from "@/lib/incidents/mutations";

// An incident's buttons (operators and admins). The domain functions decide races with
// conditional updates and write the timeline and the audit event in one transaction.

const byId = z.object({ id: z.uuid({ message: "must be an incident id" }) });

export const acknowledgeIncidentAction = defineAction({ name: "incident.acknowledge", input: byId, scope: "incidents:write" }, (ctx, { id }) => acknowledgeIncident(ctx, id));
export const resolveIncidentAction = defineAction({ name: "incident.resolve", input: byId, scope: "incidents:write" }, (ctx, { id }) => resolveIncident(ctx, id));
export const snoozeIncidentAction = defineAction({ name: "incident.snooze", input: byId.extend(incidentSnoozeSchema.shape), scope: "incidents:write" }, (ctx, { id, minutes }) => snoozeIncident(ctx, id, { minutes }));
export const noteIncidentAction = defineAction({ name: "incident.note", input: byId.extend(incidentNoteSchema.shape), scope: "incidents:write" }, (ctx, { id, note }) => addIncidentNote(ctx, id, { note }));
