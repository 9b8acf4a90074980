import { parseAsStringLiteral } from "nuqs/server";

// Sorting in the URL, the same on every table: `sort=` names the column, `order=` the direction
// when it is not the column's natural one (names A→Z, times newest first). A header click
// sorts by its column in the natural direction, or toggles the direction of the active one.
// The list's default sort and each column's natural direction are left out of links.

export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/** `order=asc|desc`; anything else is ignored (and named in the page's URL notice). */
export const parseAsSortDirection = parseAsStringLiteral(SORT_DIRECTIONS);

/** A list's sort columns, each with the direction its first click gives. */
export type SortColumns<K extends string> = Readonly<Record<K, SortDirection>>;

export type SortState<K extends string> = { key: K; direction: SortDirection };

/** The sort a page shows: `order` when given, else the column's natural direction. */
export function sortState<K extends string>(columns: SortColumns<K>, sort: K, order: SortDirection | null): SortState<K> {
  return { key: sort, direction: order ?? columns[sort] };
}

/**
 * The URL values a click on `key`'s header leads to: the active column toggles, another one
 * starts in its natural direction. Null (left out of the link) for the default column and
 * for a natural direction.
 */
export function sortLink<K extends string>(columns: SortColumns<K>, defaultKey: K, current: SortState<K>, key: K): { sort: K | null; order: SortDirection | null } {
  const direction: SortDirection = current.key === key ? (current.direction === "asc" ? "desc" : "asc") : columns[key];
  return { sort: key === defaultKey ? null : key, order: direction === columns[key] ? null : direction };
}
