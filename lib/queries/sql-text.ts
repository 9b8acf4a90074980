import { createHash } from "node:crypto";

// Fingerprints and normalized text from PostgreSQL's own parser (libpg-query, WASM). Two
// statements that differ only in literals share a fingerprint; the normalized text has the
// literals replaced by $n, so no value from a query ever reaches the slow-query tables.

type Parser = typeof import("libpg-query");
let parser: Parser | undefined;
let loading: Promise<Parser> | undefined;

/** Loads the WASM parser once per process. */
export function loadSqlParser(): Promise<Parser> {
  loading ??= (async () => {
    const mod = await import("libpg-query");
    await mod.loadModule();
    parser = mod;
    return mod;
  })();
  return loading;
}

export type SqlIdentity = { fingerprint: string; normalized: string; parsed: boolean };

/** When the parser refuses the text (truncated, not SQL): strings and numbers blanked by hand. */
function crudeNormalize(text: string): string {
  return text
    .replace(/'(?:[^']|'')*'/g, "?")
    .replace(/\$[A-Za-z_]*\$[\s\S]*?\$[A-Za-z_]*\$/g, "?")
    .replace(/\b\d+(?:\.\d+)?\b/g, "?")
    .replace(/\s+/g, " ")
    .trim();
}

/** Synchronous; call loadSqlParser() first (the recorder does, off the request path). */
export function identifySql(text: string): SqlIdentity {
  if (parser) {
    try {
      return { fingerprint: parser.fingerprintSync(text), normalized: parser.normalizeSync(text), parsed: true };
    } catch {
      // fall through: not parsable
    }
  }
  const normalized = crudeNormalize(text);
  return { fingerprint: `x${createHash("sha256").update(normalized).digest("hex").slice(0, 15)}`, normalized, parsed: false };
}

export async function identifySqlAsync(text: string): Promise<SqlIdentity> {
  await loadSqlParser();
  return identifySql(text);
}

/** Normalized text for display (pg_stat_activity shows literal values); null when unparsable. */
export async function normalizeForDisplay(text: string): Promise<string | null> {
  const p = await loadSqlParser();
  try {
    return p.normalizeSync(text);
  } catch {
    return null;
  }
}
