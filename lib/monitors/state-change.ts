import "server-only";
import { invalidateTags } from "../cache/tags";

// Public status pages are served from a cached snapshot; a monitor changing state drops
// every page's snapshot here and, through the cache's pub/sub, on every other instance.
export const STATUS_PAGES_TAG = "status-pages";

export async function notifyMonitorStateChanged(): Promise<void> {
  await invalidateTags([STATUS_PAGES_TAG]).catch(() => undefined);
}
