import { z } from "zod";
import { auditFilterSchema } from "../audit/filters";
import { limitSchema, SORT_DIRECTIONS } from "../db/keyset";

// GET /api/v1/audit's query: the shared audit filters, the page, and the export format.
export const auditListQuery = auditFilterSchema.extend({
  limit: limitSchema,
  cursor: z.string().optional(),
  order: z.enum(SORT_DIRECTIONS).default("desc").describe("desc (default): newest first; asc: oldest first. A cursor continues only the order that made it"),
  format: z.enum(["json", "ndjson", "csv"]).default("json").describe("json: one page; ndjson or csv: every matching event, streamed"),
});
