import { z } from "zod";
import { emailAddressSchema } from "@/lib/validations/email";

// What a status page is, once: the admin form, the API and the OpenAPI document validate with
// these. A component is a display name over one or more monitors, in an optional group; the
// public page shows only these display names and states.

export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;
export const MAINTENANCE_STATUSES = ["scheduled", "in_progress", "completed"] as const;
export const IMPACTS = ["none", "minor", "major"] as const;

const slug = z
  .string()
  .trim()
  .min(2, "A slug is at least 2 characters.")
  .max(60, "A slug is at most 60 characters.")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "Use lowercase letters, digits and dashes, starting and ending with a letter or digit.");
const logoUrl = z
  .string()
  .trim()
  .max(2048, "A logo URL is at most 2,048 characters.")
  .refine((v) => {
    try {
      return new URL(v).protocol === "https:";
    } catch {
      return false;
    }
  }, "The logo URL must start with https://.")
  .nullish()
  .or(z.literal("").transform(() => null))
  .transform((v) => v ?? null);

export const componentInputSchema = z.strictObject({
  displayName: z.string().trim().min(1, "Give the component a display name.").max(80, "A display name is at most 80 characters."),
  groupName: z.string().trim().max(80, "A group name is at most 80 characters.").default(""),
  monitorIds: z.array(z.uuid("Pick monitors from the list.")).min(1, "Pick at least one monitor for the component.").max(20, "A component covers at most 20 monitors."),
});

const pageFields = {
  slug,
  title: z.string().trim().min(1, "Give the page a title.").max(120, "A title is at most 120 characters."),
  description: z.string().trim().max(1000, "A description is at most 1,000 characters.").default(""),
  logoUrl,
  footer: z.string().trim().max(500, "A footer is at most 500 characters.").default(""),
  published: z.boolean().default(true),
  emailChannelId: z.uuid("Pick an email channel from the list.").nullish().transform((v) => v ?? null),
  components: z.array(componentInputSchema).max(50, "A page shows at most 50 components.").default([]),
};

export const statusPageInputSchema = z.strictObject(pageFields);
export type StatusPageInput = z.input<typeof statusPageInputSchema>;
export type StatusPageValues = z.output<typeof statusPageInputSchema>;

export const statusPagePatchSchema = z
  .strictObject({
    slug: slug.optional(),
    title: pageFields.title.optional(),
    description: pageFields.description.unwrap().optional(),
    logoUrl,
    footer: pageFields.footer.unwrap().optional(),
    published: z.boolean().optional(),
    emailChannelId: z.uuid().nullable().optional(),
    components: pageFields.components.unwrap().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "Send at least one field to change.");

/**
 * An update readers see: on an existing incident or maintenance (statusIncidentId), or the
 * first update of a new one (kind, title; maintenance also its window).
 */
export const statusUpdateInputSchema = z
  .strictObject({
    statusIncidentId: z.uuid().optional(),
    kind: z.enum(["incident", "maintenance"]).default("incident"),
    title: z.string().trim().min(1, "Give the update a title.").max(200, "A title is at most 200 characters.").optional(),
    impact: z.enum(IMPACTS).default("minor"),
    status: z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]),
    message: z.string().trim().min(1, "Write what readers should know.").max(5000, "A message is at most 5,000 characters."),
    incidentId: z.uuid().nullish(),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.statusIncidentId && !v.title) ctx.addIssue({ code: "custom", path: ["title"], message: "Give the new incident or maintenance a title." });
    const allowed: readonly string[] = v.kind === "maintenance" ? MAINTENANCE_STATUSES : INCIDENT_STATUSES;
    if (!v.statusIncidentId && !allowed.includes(v.status)) ctx.addIssue({ code: "custom", path: ["status"], message: `A new ${v.kind} starts as one of: ${allowed.map((s) => s.replace("_", " ")).join(", ")}.` });
    if (!v.statusIncidentId && v.kind === "maintenance" && (!v.startsAt || !v.endsAt)) ctx.addIssue({ code: "custom", path: ["startsAt"], message: "A maintenance needs a start and an end." });
    if (v.startsAt && v.endsAt && Date.parse(v.endsAt) <= Date.parse(v.startsAt)) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "The end must be after the start." });
  });
export type StatusUpdateInput = z.input<typeof statusUpdateInputSchema>;

export const subscribeSchema = z.strictObject({ email: emailAddressSchema });
export const statusPageIdSchema = z.object({ id: z.uuid() });
