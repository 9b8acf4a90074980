import { z } from "zod";
import { Cron } from "croner";
import { parseJsonPath } from "./json-assertion";

// What an admin registers. Probes run from the console's own network: only http(s) URLs and
// host:port targets, and only admins may register them (see README, "Service monitors").
// Each type has its own fields; `type` defaults to http so older clients keep working.

export const MONITOR_TYPES = ["http", "tcp", "tls", "heartbeat"] as const;
export type MonitorType = (typeof MONITOR_TYPES)[number];

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

/** A host name or IP address: no scheme, path, port or spaces. */
const host = z
  .string()
  .trim()
  .min(1, "is required")
  .max(253)
  .regex(/^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\d{1,3}(?:\.\d{1,3}){3}$|^\[?[0-9A-Fa-f:.]+\]?$/, "must be a host name or an IP address (no scheme or port)")
  .transform((v) => v.replace(/^\[(.*)\]$/, "$1"));
const port = z.coerce.number({ error: "must be a port number" }).int("must be a whole number").min(1, "is 1 to 65535").max(65_535, "is 1 to 65535");

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

const cronText = z
  .string()
  .trim()
  .max(100)
  .nullish()
  .transform((v) => (v ? v : null))
  .refine((v) => {
    if (v === null) return true;
    if (!/^\S+( \S+){4,5}$/.test(v)) return false;
    try {
      new Cron(v, { paused: true });
      return true;
    } catch {
      return false;
    }
  }, "must be a cron expression of 5 or 6 fields (e.g. */5 * * * *)");

const common = {
  name: z.string().trim().min(1, "is required").max(100),
  intervalSeconds: z.coerce.number().int().min(10).max(86_400).default(60),
  timeoutMs: z.coerce.number().int().min(100).max(30_000).default(5_000),
  enabled: z.boolean().default(true),
};

const httpFields = z.object({
  type: z.literal("http"),
  ...common,
  url: httpUrl,
  method: z.enum(["GET", "HEAD", "POST"]).default("GET"),
  expectedStatus: z.coerce.number().int().min(100).max(599).default(200),
  keyword: optionalText(200),
  jsonPath: optionalText(200).refine((v) => v === null || parseJsonPath(v) !== null, "must be a path like $.db.ok or $.items[0].status"),
  jsonExpected: optionalText(200),
  degradedMs: z.coerce.number().int().min(1).max(30_000).nullish().transform((v) => v ?? null),
});
const tcpFields = z.object({ type: z.literal("tcp"), ...common, host, port });
const tlsFields = z.object({
  type: z.literal("tls"),
  ...common,
  host,
  port: port.default(443),
  tlsAllowUntrusted: z.boolean().default(false),
  tlsExpiryDays: z.coerce.number().int().min(0).max(365).default(14),
});
const heartbeatFields = z.object({
  type: z.literal("heartbeat"),
  name: common.name,
  enabled: common.enabled,
  heartbeatPeriodSeconds: z.coerce.number().int().min(10).max(30 * 86_400).nullish().transform((v) => v ?? null),
  heartbeatCron: cronText,
  heartbeatGraceSeconds: z.coerce.number().int().min(0).max(86_400).default(60),
});

const withDefaultType = (v: unknown) => (v && typeof v === "object" && !("type" in v) ? { ...v, type: "http" } : v);

export const monitorInputSchema = z.preprocess(
  withDefaultType,
  z
    .discriminatedUnion("type", [httpFields, tcpFields, tlsFields, heartbeatFields], { error: "must be http, tcp, tls or heartbeat" })
    .superRefine((v, ctx) => {
      if (v.type === "heartbeat" && (v.heartbeatPeriodSeconds === null) === (v.heartbeatCron === null))
        ctx.addIssue({ code: "custom", path: ["heartbeatPeriodSeconds"], message: "set either a period or a cron schedule" });
      if (v.type === "http" && v.jsonExpected !== null && v.jsonPath === null) ctx.addIssue({ code: "custom", path: ["jsonPath"], message: "is required with an expected value" });
      if ((v.type === "http" || v.type === "tcp" || v.type === "tls") && v.timeoutMs > v.intervalSeconds * 1000) ctx.addIssue({ code: "custom", path: ["timeoutMs"], message: "must not exceed the interval" });
    }),
);
export type MonitorInput = z.input<typeof monitorInputSchema>;
export type MonitorValues = z.output<typeof monitorInputSchema>;

/** A PATCH from the API: any of the fields, at least one; the type cannot change. */
export const monitorPatchSchema = z
  .strictObject({
    name: z.string().trim().min(1, "is required").max(100).optional(),
    url: httpUrl.optional(),
    host: host.optional(),
    port: z.number().int().min(1).max(65_535).optional(),
    method: z.enum(["GET", "HEAD", "POST"]).optional(),
    intervalSeconds: z.number().int().min(10).max(86_400).optional(),
    timeoutMs: z.number().int().min(100).max(30_000).optional(),
    expectedStatus: z.number().int().min(100).max(599).optional(),
    keyword: z.string().trim().max(200).nullable().optional(),
    jsonPath: z.string().trim().max(200).nullable().optional(),
    jsonExpected: z.string().trim().max(200).nullable().optional(),
    degradedMs: z.number().int().min(1).max(30_000).nullable().optional(),
    tlsAllowUntrusted: z.boolean().optional(),
    tlsExpiryDays: z.number().int().min(0).max(365).optional(),
    heartbeatPeriodSeconds: z.number().int().min(10).max(30 * 86_400).nullable().optional(),
    heartbeatCron: z.string().trim().max(100).nullable().optional(),
    heartbeatGraceSeconds: z.number().int().min(0).max(86_400).optional(),
    enabled: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "send at least one field to change");

export const monitorIdSchema = z.object({ id: z.string().uuid() });
export const monitorUpdateSchema = z.preprocess(withDefaultType, z.intersection(z.object({ id: z.string().uuid() }), monitorInputSchema));

/** The fields each type keeps; the rest are stored null (or their default). */
export const FIELDS_BY_TYPE = {
  http: ["name", "url", "method", "intervalSeconds", "timeoutMs", "expectedStatus", "keyword", "jsonPath", "jsonExpected", "degradedMs", "enabled"],
  tcp: ["name", "host", "port", "intervalSeconds", "timeoutMs", "enabled"],
  tls: ["name", "host", "port", "intervalSeconds", "timeoutMs", "tlsAllowUntrusted", "tlsExpiryDays", "enabled"],
  heartbeat: ["name", "heartbeatPeriodSeconds", "heartbeatCron", "heartbeatGraceSeconds", "enabled"],
} as const satisfies Record<MonitorType, readonly string[]>;
