import { z } from "zod";
import { runStatusEnum } from "../db/schema";
import { runSchema, runStatusSchema } from "./dto";
import { sortQuery } from "../db/keyset";

const metadataSchema = z
  .record(z.string(), z.unknown())
  .refine((m) => JSON.stringify(m).length <= 16_384, "metadata must be at most 16 KiB of JSON");

export const runCreateSchema = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.string().trim().min(1).max(40).default("ci"),
  externalId: z.string().trim().min(1).max(200).optional(),
  /** Integrations may report a run that is already running when first seen. */
  status: z.enum(["queued", "running"]).default("queued"),
  metadata: metadataSchema.default({}),
});

export const runBatchSchema = z.object({ runs: z.array(runCreateSchema).min(1).max(1000) });

export const runPatchSchema = z
  .object({
    status: runStatusSchema.optional(),
    name: z.string().trim().min(1).max(200).optional(),
    metadata: metadataSchema.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "send at least one field to change");

// What `fields=` may name: the run's keys as the API shows them, except durationMs, which
// is computed from startedAt and finishedAt and has never been selectable on its own.
export const RUN_FIELDS = runSchema.keyof().exclude(["durationMs"]).options;
export type RunField = (typeof RUN_FIELDS)[number];

/** What a project's runs list sorts by, each with its natural direction (lib/search-params/sort.ts). */
export const RUN_SORTS = { created: "desc", name: "asc" } as const;
export type RunSort = keyof typeof RUN_SORTS;

export const runListFilterSchema = z.object({
  status: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const parts = v.split(",").map((s) => s.trim()).filter(Boolean);
      const bad = parts.filter((p) => !(runStatusEnum.enumValues as readonly string[]).includes(p));
      if (bad.length) ctx.addIssue({ code: "custom", message: `unknown status ${bad.join(", ")}` });
      return parts as (typeof runStatusEnum.enumValues)[number][];
    }),
  since: z.string().datetime({ offset: true }).optional(),
  until: z.string().datetime({ offset: true }).optional(),
  q: z.string().trim().max(200).optional(),
  ...sortQuery(RUN_SORTS, "created"),
  fields: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const parts = v.split(",").map((s) => s.trim()).filter(Boolean);
      const bad = parts.filter((p) => !(RUN_FIELDS as readonly string[]).includes(p));
      if (bad.length) ctx.addIssue({ code: "custom", message: `unknown field ${bad.join(", ")}` });
      return [...new Set(["id", ...parts])] as RunField[];
    }),
});

export const logAppendSchema = z.object({
  lines: z
    .array(
      z.object({
        message: z.string().max(16_384),
        level: z.enum(["debug", "info", "warn", "error"]).default("info"),
        ts: z.string().datetime({ offset: true }).optional(),
      }),
    )
    .min(1)
    .max(1000),
});

export type RunCreateInput = z.input<typeof runCreateSchema>;
export type RunPatchInput = z.input<typeof runPatchSchema>;
/** Without `sort`, newest first. */
export type RunListFilter = Omit<z.output<typeof runListFilterSchema>, "sort"> & { sort?: RunSort };
