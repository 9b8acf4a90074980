import { auditPageSchema } from "@/lib/audit/dto";
import { exportAuditEvents, EXPORT_MEDIA_TYPES } from "@/lib/audit/export";
import { listAuditEvents } from "@/lib/audit/queries";
import { auditListQuery } from "@/lib/http/audit-inputs";
import { route } from "@/lib/http/pipeline";
import { splitPage } from "@/lib/http/v1-inputs";
import { READ_ERRORS } from "@/lib/openapi/operation";
import { methodsNotAllowed } from "@/lib/http/methods";

export const GET = route(
  {
    route: "/api/v1/audit",
    scope: "audit:read",
    query: auditListQuery,
    doc: {
      operationId: "listAuditEvents",
      tag: "Audit",
      summary: "Read or export the audit trail",
      description:
        "Newest first, or oldest first with `order=asc`. With `format=json` (default) one page by cursor; with `format=ndjson` or `format=csv` every matching event, streamed (from `cursor` on, if given). CSV follows RFC 4180; cells starting with = + - @, tab or CR are prefixed with an apostrophe so spreadsheets do not evaluate them. A key bound to a project reads only that project's events.",
      paramDocs: { since: "Events at or after this time", until: "Events before this time", q: "Part of the actor's or target's label" },
      success: {
        status: 200,
        description: "A page of events, or the export stream",
        response: auditPageSchema,
        etag: true,
        alternatives: {
          "application/x-ndjson": { schema: { type: "string", description: "One AuditEvent JSON object per line" } },
          "text/csv": { schema: { type: "string", description: "A header line, then one event per line" } },
        },
      },
      errors: READ_ERRORS,
    },
  },
  async (ctx) => {
    const { format, order, ...rest } = ctx.query;
    const [filter, page] = splitPage(rest);
    if (format === "json") return { body: await listAuditEvents(ctx.access, filter, page, order) };
    // A stream: every event matching the filter, in the order asked (from `cursor` on, if given), not one page.
    const stream = await exportAuditEvents(ctx.access, filter, format, { cursor: page.cursor, direction: order });
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    return new Response(stream, {
      headers: {
        "Content-Type": EXPORT_MEDIA_TYPES[format],
        "Content-Disposition": `attachment; filename="audit-${stamp}.${format}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  },
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("/api/v1/audit", { GET });
