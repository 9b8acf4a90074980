import { z } from "zod";

// What a status page is, once: the admin form, the API and the OpenAPI document validate with
// these. A component is a display name over one or more monitors, in an optional group; the
// public page shows only these display names and states.

export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;
export const MAINTENANCE_STATUSES = ["scheduled", "in_progress", "completed"] as const;
export const IMPACTS = ["none", "minor", "major"] as const;

const slug = z
  .string()
  .trim()
  .min(2, "is at least 2 characters")
  .max(60)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "must be lowercase letters, digits and dashes");
const logoUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((v) => {
    try {
      return new URL(v).protocol === "https:";
    } catch {
      return false;
    }
  }, "must be an https:// URL")
  .nullish()
  .or(z.literal("").transform(() => null))
  .transform((v) => v ?? null);

export const componentInputSchema = z.strictObject({
  displayName: z.string().trim().min(1, "is required").max(80),
  groupName: z.string().trim().max(80).default(""),
  monitorIds: z.array(z.uuid("must be a monitor id")).min(1, "pick at least one monitor").max(20),
});

const pageFields = {
  slug,
  title: z.string().trim().min(1, "is required").max(120),
  description: z.string().trim().max(1000).default(""),
  logoUrl,
  footer: z.string().trim().max(500).default(""),
  published: z.boolean().default(true),
  emailChannelId: z.uuid("must be an email channel id").nullish().transform((v) => v ?? null),
  components: z.array(componentInputSchema).max(50).default([]),
};

export const statusPageInputSchema = z.strictObject(pageFields);
export type StatusPageInput = z.input<typeof statusPageInputSchema>;
export type StatusPageValues = z.output<typeof statusPageInputSchema>;

export const statusPagePatchSchema = z
  .strictObject({
    slug: slug.optional(),
    title: pageFields.title.optional(),
    description: z.string().trim().max(1000).optional(),
    logoUrl,
    footer: z.string().trim().max(500).optional(),
    published: z.boolean().optional(),
    emailChannelId: z.uuid().nullable().optional(),
    components: z.array(componentInputSchema).max(50).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "send at least one field to change");

/**
 * An update readers see: on an existing incident or maintenance (statusIncidentId), or the
 * first update of a new one (kind, title; maintenance also its window).
 */
export const statusUpdateInputSchema = z
  .strictObject({
    statusIncidentId: z.uuid().optional(),
    kind: z.enum(["incident", "maintenance"]).default("incident"),
    title: z.string().trim().min(1, "is required").max(200).optional(),
    impact: z.enum(IMPACTS).default("minor"),
    status: z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]),
    message: z.string().trim().min(1, "is required").max(5000),
    incidentId: z.uuid().nullish(),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.statusIncidentId && !v.title) ctx.addIssue({ code: "custom", path: ["title"], message: "is required for a new incident or maintenance" });
    const allowed: readonly string[] = v.kind === "maintenance" ? MAINTENANCE_STATUSES : INCIDENT_STATUSES;
    if (!v.statusIncidentId && !allowed.includes(v.status)) ctx.addIssue({ code: "custom", path: ["status"], message: `must be one of ${allowed.join(", ")}` });
    if (!v.statusIncidentId && v.kind === "maintenance" && (!v.startsAt || !v.endsAt)) ctx.addIssue({ code: "custom", path: ["startsAt"], message: "a maintenance needs startsAt and endsAt" });
    if (v.startsAt && v.endsAt && Date.parse(v.endsAt) <= Date.parse(v.startsAt)) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "must be after startsAt" });
  });
export type StatusUpdateInput = z.input<typeof statusUpdateInputSchema>;

export const subscribeSchema = z.strictObject({ email: z.email("must be an email address").trim().max(254) });
export const statusPageIdSchema = z.object({ id: z.uuid() });
