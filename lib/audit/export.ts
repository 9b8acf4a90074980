import "server-only";
import type { AccessContext } from "../auth/principal";
import { CSV_HEADER, csvRow, ndjsonRow } from "./export-format";
import type { SortDirection } from "../db/keyset";
import type { AuditFilter } from "./filters";
import { auditCursorSeq, authorizeAuditExport, walkAuditEvents } from "./queries";
import { errorField, log } from "../log/logger";

export type ExportFormat = "ndjson" | "csv";

export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  ndjson: "application/x-ndjson; charset=utf-8",
  csv: "text/csv; charset=utf-8; header=present",
};

/**
 * The filtered events as a byte stream with backpressure: each pull() reads one batch
 * from the database only when the consumer has taken the previous one, so a million
 * events cost one batch of memory. Cancelling the response stops the walk.
 */
export async function exportAuditEvents(ctx: AccessContext, filter: AuditFilter, format: ExportFormat, options: { batchSize?: number; cursor?: string; direction?: SortDirection } = {}): Promise<ReadableStream<Uint8Array>> {
  await authorizeAuditExport(ctx);
  const afterSeq = auditCursorSeq(options.cursor, options.direction);
  const encoder = new TextEncoder();
  const batches = walkAuditEvents(ctx, filter, { afterSeq, direction: options.direction, batchSize: options.batchSize });
  let headerSent = format !== "csv";
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(CSV_HEADER));
          return;
        }
        try {
          const next = await batches.next();
          if (next.done) return controller.close();
          const encode = format === "csv" ? csvRow : ndjsonRow;
          controller.enqueue(encoder.encode(next.value.map(encode).join("")));
        } catch (err) {
          log("audit").error({ err: errorField(err) }, "export failed");
          controller.error(err);
        }
      },
      async cancel() {
        await batches.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}
