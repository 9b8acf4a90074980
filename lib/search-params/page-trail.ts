import { createParser } from "nuqs/server";

// Keyset lists only know the way to older rows (a cursor). To offer Newer and a position
// without a second, backwards query per list, the URL keeps the trail of cursors that led
// to this page (`prev`, oldest first): Newer is the trail's last cursor, First drops them
// all, and the page number is the trail's length. Back, reload and a shared link agree.

/** Beyond this many pages the oldest steps are dropped; First still leads to page 1. */
export const MAX_TRAIL = 60;

/** `prev=` as cursors joined by "." (cursors are base64url, which has no "."), each at most CURSOR_MAX (lib/db/keyset.ts) long. */
export const parseAsPageTrail = createParser<string[]>({
  parse: (value) => {
    const parts = value.split(".").filter(Boolean);
    return parts.length > 0 && parts.length <= MAX_TRAIL && parts.every((p) => /^[A-Za-z0-9_-]{1,1024}$/.test(p)) ? parts : null;
  },
  serialize: (parts) => parts.join("."),
  eq: (a, b) => a.join(".") === b.join("."),
});

export type PageStep = { cursor: string | null; prev: string[] | null };
export type PageLinks = { first: PageStep | null; newer: PageStep | null; older: PageStep | null; page: number; trimmed: boolean };

/** Where First / Newer / Older lead from the page at `cursor` reached through `prev`, and its number (1-based). */
export function pageLinks(cursor: string | null, prev: string[] | null, nextCursor: string | null): PageLinks {
  const trail = cursor ? (prev ?? []) : [];
  const older = nextCursor ? [...trail, ...(cursor ? [cursor] : [])] : null;
  const trimmed = older !== null && older.length > MAX_TRAIL;
  return {
    first: cursor ? { cursor: null, prev: null } : null,
    newer: cursor ? { cursor: trail.at(-1) ?? null, prev: trail.length > 1 ? trail.slice(0, -1) : null } : null,
    older: nextCursor && older ? { cursor: nextCursor, prev: older.length ? older.slice(-MAX_TRAIL) : null } : null,
    page: cursor ? trail.length + 2 : 1,
    trimmed,
  };
}
