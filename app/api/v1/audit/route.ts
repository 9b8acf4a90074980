import { exportAuditEvents, EXPORT_MEDIA_TYPES } from "@/lib/audit/export";
import { listAuditEvents } from "@/lib/audit/queries";
import { auditListQuery } from "@/lib/http/audit-inputs";
import { route } from "@/lib/http/pipeline";
import { splitPage } from "@/lib/http/v1-inputs";

export const GET = route({ route: "/api/v1/audit", scope: "audit:read", query: auditListQuery }, async (ctx) => {
  const { format, ...rest } = ctx.query;
  const [filter, page] = splitPage(rest);
  if (format === "json") return { body: await listAuditEvents(ctx.access, filter, page) };
  // A stream: every event matching the filter (from `cursor` on, if given), not one page.
  const stream = await exportAuditEvents(ctx.access, filter, format, page.cursor ? { cursor: page.cursor } : {});
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return new Response(stream, {
    headers: {
      "Content-Type": EXPORT_MEDIA_TYPES[format],
      "Content-Disposition": `attachment; filename="audit-${stamp}.${format}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
