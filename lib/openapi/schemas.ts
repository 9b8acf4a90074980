import { z } from "zod";
import { runStatusSchema } from "../runs/dto";

// What every /api/v1 operation may answer, whatever its domain: RFC 9457 problems. The
// response bodies of each domain live beside its DTO mapper (lib/*/dto.ts).

export const fieldErrorSchema = z.strictObject({ path: z.string().describe("where: body.runs.3.name, query.limit, path.id"), message: z.string() });

/** RFC 9457 problem details; a 409 on a run status move also carries from, to and allowed. */
export const problemSchema = z.looseObject({
  type: z.string().describe("urn:opsdeck:problem:<code>"),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  requestId: z.string(),
  errors: z.array(fieldErrorSchema).optional(),
  allowed: z.array(runStatusSchema).optional().describe("409 on a status move: the statuses the run may move to from its current one"),
});
