import { methodsNotAllowed } from "@/lib/http/methods";
import { route } from "@/lib/http/pipeline";
import { created } from "@/lib/http/reply";
import { READ_ERRORS, WRITE_ERRORS } from "@/lib/openapi/operation";
import { silenceCreateSchema } from "@/lib/alerts/schemas";
import { createSilence, listSilences, silenceDtoSchema, silenceListSchema } from "@/lib/alerts/silences";

const path = "/api/v1/silences";

export const GET = route(
  { route: path, scope: "alerts:read", doc: { operationId: "listSilences", tag: "Alerts", summary: "List silences and maintenance windows not yet over", success: { status: 200, description: "The silences", response: silenceListSchema, etag: true }, errors: READ_ERRORS } },
  async (ctx) => ({ body: { data: await listSilences(ctx.access) } }),
);

export const POST = route(
  {
    route: path,
    scope: "alerts:write",
    body: silenceCreateSchema,
    doc: {
      operationId: "createSilence",
      tag: "Alerts",
      summary: "Silence alerts, or schedule a maintenance window",
      description: "While active, incidents whose labels match every matcher are recorded as suppressed and nothing is sent (evaluation goes on). A silence needs `endsAt`; a recurring maintenance window a `cron` and a `durationSeconds`.",
      success: { status: 201, description: "The silence", response: silenceDtoSchema, location: true },
      errors: WRITE_ERRORS,
    },
  },
  async (ctx) => {
    const silence = await createSilence(ctx.access, ctx.body);
    return created(`/api/v1/silences/${silence.id}`, silence);
  },
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(path, { GET, POST });
