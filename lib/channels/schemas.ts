import { z } from "zod";
import { emailAddressSchema } from "@/lib/validations/email";

// Notification channels, once for the form, the API and the OpenAPI document. What is
// secret (a Slack or webhook URL with its token, an SMTP password, a PagerDuty routing key)
// is split off at save and encrypted; the rest is plain configuration.

export const CHANNEL_KINDS = ["webhook", "slack", "email", "pagerduty"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const CHANNEL_KIND_LABELS: Record<ChannelKind, string> = {
  webhook: "Webhook (Standard Webhooks signature)",
  slack: "Slack incoming webhook",
  email: "Email (SMTP)",
  pagerduty: "PagerDuty Events API v2",
};

const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    .max(2000)
    .url({ message: `${what} must be a URL` })
    .refine((u) => /^https?:\/\//i.test(u), `${what} must start with http:// or https://`);

/** RFC 5321 lengths, with the sentences the user forms show (lib/validations/email.ts). */
const emailAddress = emailAddressSchema;

const common = {
  name: z.string().trim().min(1, "Give the channel a name").max(120),
  rateLimitPerMinute: z.number().int().min(1).max(10_000).default(30).describe("At most this many messages a minute; the rest are summarized in one"),
  enabled: z.boolean().default(true),
};

export const channelCreateSchema = z.discriminatedUnion("kind", [
  z.strictObject({ ...common, kind: z.literal("webhook"), url: httpUrl("The URL") }),
  z.strictObject({ ...common, kind: z.literal("slack"), url: httpUrl("The Slack webhook URL") }),
  z.strictObject({
    ...common,
    kind: z.literal("email"),
    host: z.string().trim().min(1, "Name the SMTP server").max(253),
    port: z.number().int().min(1).max(65_535).default(587),
    secure: z.boolean().default(false).describe("TLS from the start (port 465); otherwise STARTTLS when offered"),
    user: z.string().trim().max(200).optional(),
    password: z.string().max(500).optional(),
    from: emailAddress,
    to: z.array(emailAddress).min(1, "Add at least one recipient").max(50),
  }),
  z.strictObject({
    ...common,
    kind: z.literal("pagerduty"),
    routingKey: z.string().trim().min(8, "The routing key is the integration key of a PagerDuty service").max(100),
    url: httpUrl("The events URL").default("https://events.pagerduty.com/v2/enqueue"),
  }),
]);
export type ChannelCreate = z.output<typeof channelCreateSchema>;

/** A change: name, limits, on/off, or (per kind) new settings; a secret field left out keeps the stored one. */
export const channelPatchSchema = z
  .strictObject({
    name: common.name.optional(),
    rateLimitPerMinute: z.number().int().min(1).max(10_000).optional(),
    enabled: z.boolean().optional(),
    url: httpUrl("The URL").optional(),
    host: z.string().trim().min(1).max(253).optional(),
    port: z.number().int().min(1).max(65_535).optional(),
    secure: z.boolean().optional(),
    user: z.string().trim().max(200).optional(),
    password: z.string().max(500).optional(),
    from: emailAddress.optional(),
    to: z.array(emailAddress).min(1).max(50).optional(),
    routingKey: z.string().trim().min(8).max(100).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "send at least one field to change");
export type ChannelPatch = z.output<typeof channelPatchSchema>;

/** The secret part of each kind, as stored encrypted. */
export type ChannelSecret = { url?: string; signingSecret?: string; password?: string; routingKey?: string };
