import { z } from "zod";
import { runStatusSchema } from "../runs/dto";

// What /api/v1 answers whatever the domain: RFC 9457 problems, and the document itself. The
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

/** What a DELETE answers: the id of what is gone. */
export const deletedSchema = z.strictObject({ id: z.uuid() });

/** GET /openapi.json's answer: the keys a client checks first; the OpenAPI 3.1 specification defines the rest. */
export const openApiDocumentSchema = z
  .looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) })
  .describe("An OpenAPI 3.1 document");
