import { z } from "zod";

// What an admin registers. Probes run from the console's own network: only http(s) URLs,
// and only admins may register them (see README, "Service monitors").

const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "http:" || u.protocol === "https:") && !u.username && !u.password;
    } catch {
      return false;
    }
  }, "must be an http:// or https:// URL without credentials");

export const monitorInputSchema = z.object({
  name: z.string().trim().min(1, "is required").max(100),
  url: httpUrl,
  method: z.enum(["GET", "HEAD", "POST"]).default("GET"),
  intervalSeconds: z.coerce.number().int().min(10).max(86_400).default(60),
  timeoutMs: z.coerce.number().int().min(100).max(30_000).default(5_000),
  expectedStatus: z.coerce.number().int().min(100).max(599).default(200),
  keyword: z
    .string()
    .trim()
    .max(200)
    .nullish()
    .transform((v) => (v ? v : null)),
  enabled: z.boolean().default(true),
});
export type MonitorInput = z.input<typeof monitorInputSchema>;

/** A PATCH from the API: any of the fields, at least one. */
export const monitorPatchSchema = z
  .strictObject({
    name: z.string().trim().min(1, "is required").max(100).optional(),
    url: httpUrl.optional(),
    method: z.enum(["GET", "HEAD", "POST"]).optional(),
    intervalSeconds: z.number().int().min(10).max(86_400).optional(),
    timeoutMs: z.number().int().min(100).max(30_000).optional(),
    expectedStatus: z.number().int().min(100).max(599).optional(),
    keyword: z.string().trim().max(200).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "send at least one field to change");

export const monitorIdSchema = z.object({ id: z.string().uuid() });
export const monitorUpdateSchema = monitorInputSchema.extend({ id: z.string().uuid() });
