import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { InvalidCursorError } from "../errors";

// Keyset pagination, once for every list: newest first by a tuple of sort columns, with an
// opaque cursor (base64url JSON of the last row's sort key). Decoding validates the shape,
// so a forged or truncated cursor is an InvalidCursorError (400), never a database error.

export const LIMIT_DEFAULT = 50;
export const LIMIT_MAX = 200;

const nextCursor = z.string().nullable().describe("Pass as ?cursor= for the next page; null on the last page");

/** A page of `item` as every list answers it (the API's response schema); Page<T> is its output. */
export const pageSchema = <T extends z.ZodType>(item: T) => z.strictObject({ data: z.array(item), nextCursor });
export type Page<T> = z.output<ReturnType<typeof pageSchema<z.ZodType<T>>>>;
export type PageRequest = { limit: number; cursor?: string };

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
    throw new InvalidCursorError();
  }
}

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

type Cast = "timestamptz" | "uuid" | "bigint";
type KeyPart = string | number;

export type Keyset<K extends KeyPart[]> = {
  orderBy: SQL[];
  /** The condition for rows after the cursor's row (undefined without a cursor). */
  after(cursor: string | undefined): SQL | undefined;
  /** `limit + 1` fetched rows → a page of items and the cursor of its last row. */
  page<R, D>(rows: R[], limit: number, keyOf: (row: R) => K, toItem: (row: R) => D): Page<D>;
};

/** A newest-first keyset over `columns` (each with the SQL type its cursor value is cast to). */
export function keyset<K extends KeyPart[]>(columns: [AnyPgColumn, Cast][], shape: z.ZodType<K>): Keyset<K> {
  const tuple = sql.join(columns.map(([c]) => sql`${c}`), sql`, `);
  return {
    orderBy: newestFirst(...columns.map(([c]) => c)),
    after(cursor) {
      if (!cursor) return undefined;
      const values = decodeCursor(cursor, shape) as KeyPart[];
      const cast = sql.join(columns.map(([, type], i) => sql`${values[i]}::${sql.raw(type)}`), sql`, `);
      return sql`(${tuple}) < (${cast})`;
    },
    page(rows, limit, keyOf, toItem) {
      const data = rows.slice(0, limit);
      const last = data.at(-1);
      return { data: data.map(toItem), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
    },
  };
}

/** (created_at ISO timestamp, uuid): the sort key of runs and projects. */
export const timeIdCursor = z.tuple([z.string().datetime({ offset: true }), z.string().uuid()]);

/** Newest first by (created_at, id); select `exactTimestamp(at)` beside the row for the cursor. */
export const timeIdKeyset = (at: AnyPgColumn, id: AnyPgColumn) => keyset<[string, string]>([[at, "timestamptz"], [id, "uuid"]], timeIdCursor);

/** An ILIKE pattern matching `text` anywhere, with LIKE's wildcards in it taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A page read whose cursor came from a forged or stale link: the page says so instead of failing. */
export const InvalidCursor = Symbol("invalid cursor");

export async function readPage<T>(load: () => Promise<T>): Promise<T | typeof InvalidCursor> {
  try {
    return await load();
  } catch (err) {
    if (err instanceof InvalidCursorError) return InvalidCursor;
    throw err;
  }
}
