import { methodsNotAllowed } from "@/lib/http/methods";
import { route } from "@/lib/http/pipeline";
import { WRITE_ERRORS } from "@/lib/openapi/operation";
import { idParams } from "@/lib/http/v1-inputs";
import { channelTestResultSchema, testChannel } from "@/lib/channels/test";

const path = "/api/v1/channels/[id]/test";

export const POST = route(
  {
    route: path,
    scope: "alerts:write",
    params: idParams,
    doc: { operationId: "testChannel", tag: "Alerts", summary: "Send a test message through a channel", description: "Sent now; the answer says what the channel answered.", paramDocs: { id: "The channel's id" }, success: { status: 200, description: "The outcome", response: channelTestResultSchema }, errors: WRITE_ERRORS },
  },
  async (ctx) => ({ body: await testChannel(ctx.access, ctx.params.id) }),
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(path, { POST });
