// A JSON assertion: a JSONPath-like path ($.db.ok, $.items[0].name, $["a key"]) and an
// expected value. The expected text is read as JSON when it parses (true, 3, "ok", null),
// else as a string; the value at the path must equal it.

export type PathStep = string | number;

const STEP = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\])/;

/** The steps of a path, or null when it is not one. */
export function parseJsonPath(path: string): PathStep[] | null {
  let rest = path.trim();
  if (rest.startsWith("$")) rest = rest.slice(1);
  else if (rest && !rest.startsWith(".") && !rest.startsWith("[")) rest = `.${rest}`;
  const steps: PathStep[] = [];
  while (rest.length > 0) {
    const m = STEP.exec(rest);
    if (!m) return null;
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
    else steps.push(JSON.parse(`"${m[3]}"`) as string);
    rest = rest.slice(m[0].length);
  }
  return steps.length > 0 ? steps : null;
}

function expectedValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const own = (o: object, k: PropertyKey) => Object.prototype.hasOwnProperty.call(o, k);

/** null when the assertion holds, else a sentence naming it. */
export function evaluateJsonAssertion(body: string, path: string, expected: string): string | null {
  const steps = parseJsonPath(path);
  if (!steps) return `JSON assertion ${path}: not a valid path`;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return `JSON assertion ${path}: the response is not JSON`;
  }
  for (const step of steps) {
    if (value === null || typeof value !== "object" || !own(value, step)) return `JSON assertion ${path} == ${expected}: ${path} is missing`;
    value = (value as Record<PropertyKey, unknown>)[step];
  }
  if (JSON.stringify(value) === JSON.stringify(expectedValue(expected))) return null;
  return `JSON assertion ${path} == ${expected} failed: got ${JSON.stringify(value) ?? "undefined"}`;
}
