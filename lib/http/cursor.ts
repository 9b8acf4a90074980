import { sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { HttpError } from "./problem";

// Opaque keyset cursors: base64url JSON of the last row's sort key. Decoding validates the
// shape, so a forged or truncated cursor is a 400, never a 500 from the database.

export const LIMIT_DEFAULT = 50;
export const LIMIT_MAX = 200;

/** `?limit=`: default 50, clamped to 1…200 rather than refused. */
export const limitSchema = z
  .string()
  .optional()
  .transform((v) => {
    const n = v === undefined ? LIMIT_DEFAULT : Number.parseInt(v, 10);
    return Number.isFinite(n) ? Math.min(LIMIT_MAX, Math.max(1, n)) : LIMIT_DEFAULT;
  });

export function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
}

export function decodeCursor<T extends z.ZodTypeAny>(cursor: string, shape: T): z.infer<T> {
  try {
    if (cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error("bad characters");
    return shape.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new HttpError(400, "invalid_cursor", "The cursor is not valid: use the nextCursor of a previous page", {
      errors: [{ path: "query.cursor", message: "not a cursor issued by this API" }],
    });
  }
}

/** (created_at ISO timestamp, uuid): the sort key of runs and projects. */
export const timeIdCursor = z.tuple([z.string().datetime({ offset: true }), z.string().uuid()]);

/**
 * A timestamptz to the microsecond, as ISO 8601 UTC, for the cursor. Not the row's JS Date:
 * that keeps only milliseconds, and a cursor rounded down skips every row sharing the millisecond.
 */
export const exactTimestamp = (column: AnyPgColumn) => sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Newest-first order for keyset lists. NULLS LAST to match the indexes as drizzle-kit
 * writes them (`created_at DESC NULLS LAST, id DESC NULLS LAST`): a plain `DESC` means
 * NULLS FIRST, which PostgreSQL will not read from those indexes (even on NOT NULL columns),
 * so every page became a scan and sort of the whole project.
 */
export const newestFirst = (...columns: AnyPgColumn[]) => columns.map((column) => sql`${column} DESC NULLS LAST`);
