import { HttpError, type FieldError } from "./problem";

// The one gate every API input passes before validation (path, query and body in the
// pipeline; server-action input in defineAction): what PostgreSQL cannot store is refused
// here with a 400 naming the field, instead of failing deep in a query as a 500.
// - NUL (U+0000): text and jsonb refuse it ("invalid byte sequence", "unsupported Unicode
//   escape sequence").
// - Unpaired UTF-16 surrogates ("\ud800"): not encodable as UTF-8, so not storable either.
// JSON bodies are also bounded in nesting depth and key count before JSON.parse, so a
// 5,000-level document cannot overflow the stack of any recursive walk after it.

export const MAX_JSON_DEPTH = 32;
export const MAX_JSON_KEYS = 50_000;

/** Scans JSON text (outside strings) for its nesting depth and key count; throws a 400 past the limits. */
export function assertJsonShape(text: string): void {
  let depth = 0;
  let keys = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > MAX_JSON_DEPTH) throw new HttpError(400, "json_too_deep", `The request body nests deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
    else if (c === 58 /* : */ && ++keys > MAX_JSON_KEYS) throw new HttpError(400, "json_too_many_keys", `The request body has more than ${MAX_JSON_KEYS} keys`);
  }
}

const NUL = "\u0000";

function problemIn(text: string): string | null {
  if (text.includes(NUL)) return "must not contain NUL (U+0000) characters";
  if (!text.isWellFormed()) return "must be valid Unicode (it contains an unpaired surrogate)";
  return null;
}

/** Every string (and object key) in `value` PostgreSQL could not store, as field errors under `where`. */
export function unstorableStrings(value: unknown, where: string): FieldError[] {
  const errors: FieldError[] = [];
  const walk = (v: unknown, path: string, depth: number) => {
    if (errors.length >= 20 || depth > MAX_JSON_DEPTH + 2) return;
    if (typeof v === "string") {
      const problem = problemIn(v);
      if (problem) errors.push({ path, message: problem });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, `${path}.${i}`, depth + 1));
    } else if (v && typeof v === "object") {
      for (const [k, item] of Object.entries(v)) {
        const keyProblem = problemIn(k);
        if (keyProblem) errors.push({ path, message: `a key ${keyProblem}` });
        else walk(item, `${path}.${k}`, depth + 1);
      }
    }
  };
  walk(value, where, 0);
  return errors;
}

/** Throws the 400 when `value` holds anything unstorable. */
export function assertStorable(value: unknown, where: string): void {
  const errors = unstorableStrings(value, where);
  if (errors.length) throw new HttpError(400, "invalid_request", `The ${where} contains text that cannot be stored`, { errors });
}
