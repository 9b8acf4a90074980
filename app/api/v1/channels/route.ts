import { methodsNotAllowed } from "@/lib/http/methods";
import { route } from "@/lib/http/pipeline";
import { created } from "@/lib/http/reply";
import { READ_ERRORS, WRITE_ERRORS } from "@/lib/openapi/operation";
import { channelCreateSchema } from "@/lib/channels/schemas";
import { channelCreatedSchema, channelListSchema, createChannel, listChannels } from "@/lib/channels/store";

const path = "/api/v1/channels";

export const GET = route(
  { route: path, scope: "alerts:read", doc: { operationId: "listChannels", tag: "Alerts", summary: "List notification channels", description: "Secrets are never returned: `secretHint` shows a masked tail.", success: { status: 200, description: "The channels", response: channelListSchema, etag: true }, errors: READ_ERRORS } },
  async (ctx) => ({ body: { data: await listChannels(ctx.access) } }),
);

export const POST = route(
  {
    route: path,
    scope: "alerts:write",
    role: "admin",
    body: channelCreateSchema,
    doc: {
      operationId: "createChannel",
      tag: "Alerts",
      summary: "Create a notification channel",
      description: "webhook (signed per Standard Webhooks), slack (incoming webhook), email (SMTP) or pagerduty (Events API v2). Only a key not bound to a project (admins issue those) may create channels. A webhook's `signingSecret` is in this answer only.",
      success: { status: 201, description: "The channel", response: channelCreatedSchema, location: true },
      errors: WRITE_ERRORS,
    },
  },
  async (ctx) => {
    const channel = await createChannel(ctx.access, ctx.body);
    return created(`/api/v1/channels/${channel.id}`, channel);
  },
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(path, { GET, POST });
