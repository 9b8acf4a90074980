import { createParser } from "nuqs/server";

/**
 * Free text from the URL, null when empty so a cleared form field means "no filter". A
 * search box trims (`trim`); `max` cuts rather than refuses, so a long paste still finds.
 */
export function parseAsText({ trim = false, max }: { trim?: boolean; max?: number } = {}) {
  return createParser({
    parse: (value) => (trim ? value.trim() : value).slice(0, max) || null,
    serialize: String,
  });
}
