import { HttpError } from "@/lib/http/problem";

/** Marks a page whose cursor came from a forged or stale link: the page says so instead of failing. */
export const InvalidCursor = Symbol("invalid cursor");

export async function readPage<T>(load: () => Promise<T>): Promise<T | typeof InvalidCursor> {
  try {
    return await load();
  } catch (err) {
    if (err instanceof HttpError && err.code === "invalid_cursor") return InvalidCursor;
    throw err;
  }
}
