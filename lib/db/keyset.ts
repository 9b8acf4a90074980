import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { InvalidCursorError } from "../errors";

// Keyset pagination, once for every list: by a tuple of sort columns (newest first, or
// ascending), with an opaque cursor (base64url JSON of the last row's sort key). Decoding validates the shape,
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

/** Longest cursor accepted: room for a sort tag and a 200-character name in UTF-8 (lib/search-params/page-trail.ts agrees). */
export const CURSOR_MAX = 1024;

export function decodeCursor<T extends z.ZodTypeAny>(cursor: string, shape: T): z.infer<T> {
  try {
    if (cursor.length > CURSOR_MAX || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error("bad characters");
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

/**
 * Oldest-first (ascending) order: `ASC NULLS FIRST` is exactly the reverse of `DESC NULLS LAST`,
 * so the same indexes serve it by a backward scan. A plain `ASC` (NULLS LAST) would not.
 */
export const oldestFirst = (...columns: AnyPgColumn[]) => columns.map((column) => sql`${column} ASC NULLS FIRST`);

export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

type Cast = "timestamptz" | "uuid" | "bigint" | "text";
type KeyPart = string | number;

export type Keyset<K extends KeyPart[]> = {
  orderBy: SQL[];
  /** The condition for rows after the cursor's row (undefined without a cursor). */
  after(cursor: string | undefined): SQL | undefined;
  /** The cursor's sort key (an InvalidCursorError for a forged one or another sort's), for callers that walk by hand. */
  decode(cursor: string): K;
  /** `limit + 1` fetched rows → a page of items and the cursor of its last row. */
  page<R, D>(rows: R[], limit: number, keyOf: (row: R) => K, toItem: (row: R) => D): Page<D>;
};

export type KeysetOptions = {
  /** Newest first (`desc`, the default) or oldest first (`asc`), for every column of the tuple. */
  direction?: SortDirection;
  /**
   * The sort's name, written first in its cursors and required back, so a cursor made by
   * another sort of the same list is an invalid cursor rather than a silently wrong page.
   * Left out for a list's default sort, whose cursors stay as they always were (and which
   * refuses every tagged cursor: its shape starts with a sort key, never a tag).
   */
  tag?: string;
};

/** A keyset over `columns` (each with the SQL type its cursor value is cast to), newest first unless `direction: "asc"`. */
export function keyset<K extends KeyPart[]>(columns: [AnyPgColumn, Cast][], shape: z.ZodType<K>, options: KeysetOptions = {}): Keyset<K> {
  const { direction = "desc", tag } = options;
  const tuple = sql.join(columns.map(([c]) => sql`${c}`), sql`, `);
  const decode = (cursor: string): K => {
    const parts = decodeCursor(cursor, z.array(z.union([z.string(), z.number()])));
    if (tag !== undefined && parts[0] !== tag) throw new InvalidCursorError();
    const parsed = shape.safeParse(tag === undefined ? parts : parts.slice(1));
    if (!parsed.success) throw new InvalidCursorError();
    return parsed.data;
  };
  return {
    orderBy: (direction === "asc" ? oldestFirst : newestFirst)(...columns.map(([c]) => c)),
    decode,
    after(cursor) {
      if (!cursor) return undefined;
      const values = decode(cursor) as KeyPart[];
      const cast = sql.join(columns.map(([, type], i) => sql`${values[i]}::${sql.raw(type)}`), sql`, `);
      // Every column runs the same way, so one row comparison is the whole "after".
      return direction === "asc" ? sql`(${tuple}) > (${cast})` : sql`(${tuple}) < (${cast})`;
    },
    page(rows, limit, keyOf, toItem) {
      const data = rows.slice(0, limit);
      const last = data.at(-1);
      const more = rows.length > limit && last !== undefined;
      return { data: data.map(toItem), nextCursor: more ? encodeCursor(tag === undefined ? keyOf(last) : [tag, ...keyOf(last)]) : null };
    },
  };
}

/** A list's sorts: each one's columns (the last one unique, breaking ties) and cursor shape. */
export type SortKeysets<S extends string> = Record<S, { columns: [AnyPgColumn, Cast][]; shape: z.ZodType<KeyPart[]> }>;

/**
 * One keyset per (sort, direction) of a list. `defaults` (the list's order before it could
 * be sorted) keeps untagged cursors; every other combination tags its own, so no page
 * accepts another sort's cursor (an InvalidCursorError, the lists' "invalid cursor" answer).
 */
export function sortedKeysets<S extends string>(sorts: SortKeysets<S>, defaults: { sort: NoInfer<S>; direction: SortDirection }): (sort: S, direction: SortDirection) => Keyset<KeyPart[]> {
  const made = new Map<string, Keyset<KeyPart[]>>();
  return (sort, direction) => {
    const id = `${sort}.${direction}`;
    let found = made.get(id);
    if (!found) {
      const tag = sort === defaults.sort && direction === defaults.direction ? undefined : id;
      found = keyset(sorts[sort].columns, sorts[sort].shape, { direction, tag });
      made.set(id, found);
    }
    return found;
  };
}

/**
 * `?sort=&order=` of a sortable list, for its query schema (and so the OpenAPI document):
 * `sort` one of the list's columns, `order` asc or desc, the column's natural one when left out.
 */
export function sortQuery<S extends string>(columns: Readonly<Record<S, SortDirection>>, defaultSort: NoInfer<S>) {
  const keys = Object.keys(columns) as [S, ...S[]];
  const natural = keys.map((k) => `${k} ${columns[k] === "asc" ? "ascending" : "descending"}`).join(", ");
  return {
    sort: z.enum(keys).default(defaultSort as never).describe(`Sort column (default ${defaultSort}); without order= each sorts ${natural}`),
    order: z.enum(SORT_DIRECTIONS).optional().describe("asc or desc; the sort column's natural direction when left out"),
  };
}

/** A list query's sort: `order`, else the column's natural direction; no `sort` is the list's default. */
export function sortOf<S extends string>(columns: Readonly<Record<S, SortDirection>>, defaultSort: NoInfer<S>, query: { sort?: S; order?: SortDirection }): { sort: S; direction: SortDirection } {
  const sort = query.sort ?? defaultSort;
  return { sort, direction: query.order ?? columns[sort] };
}

/** (created_at ISO timestamp, uuid): the sort key of runs and projects. */
export const timeIdCursor = z.tuple([z.string().datetime({ offset: true }), z.string().uuid()]);

/** Newest first by (created_at, id); select `exactTimestamp(at)` beside the row for the cursor. */
export const timeIdKeyset = (at: AnyPgColumn, id: AnyPgColumn, options?: KeysetOptions) => keyset<[string, string]>([[at, "timestamptz"], [id, "uuid"]], timeIdCursor, options);

/** (name, uuid): a sort by a text column with the id breaking ties. */
export const textIdCursor = z.tuple([z.string().max(400), z.string().uuid()]);

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
