import { z } from "zod";

/** What the projects list sorts by, each with its natural direction (lib/search-params/sort.ts). */
export const PROJECT_SORTS = { created: "desc", name: "asc" } as const;
export type ProjectSort = keyof typeof PROJECT_SORTS;

/** Which projects a list shows. */
export const PROJECT_STATUSES = ["active", "archived", "all"] as const;

export const slugSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "lowercase letters, digits and dashes; starts and ends with a letter or digit");

export const projectCreateSchema = z.object({
  slug: slugSchema,
  name: z.string().trim().min(1).max(120),
  description: z.string().max(2000).default(""),
});

export const projectUpdateSchema = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    description: z.string().max(2000).optional(),
    archived: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "send at least one field to change");

export type ProjectCreateInput = z.input<typeof projectCreateSchema>;
export type ProjectUpdateInput = z.input<typeof projectUpdateSchema>;
