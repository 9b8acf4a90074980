import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { V1_ROUTES } from "@/app/api/v1/routes";
import { encodeCursor } from "@/lib/db/keyset";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import { documentedRoutes } from "@/lib/openapi/routes";
import { call, makeKey, makeProject, type TestKey } from "./support/api";

// A property-based fuzz of every operation in the OpenAPI document: paths, query strings,
// headers and bodies that are malformed, oddly encoded, absurdly nested or sized, or made of
// forged ids and cursors. Whatever is sent, the answer is never a 5xx, and every error is
// problem+json carrying the request id it was logged under. FUZZ_RUNS sets the cases per
// operation (a bounded 20 in `npm test`; `FUZZ_RUNS=500 npx vitest run tests/fuzz.test.ts`
// for a longer run). A failure prints the shrunk counterexample and its seed.

process.env.RATELIMIT_WRITE_PER_MINUTE = "1000000";
process.env.RATELIMIT_READ_PER_MINUTE = "1000000";
process.env.RATELIMIT_BATCH_PER_MINUTE = "1000000";

const RUNS = Number(process.env.FUZZ_RUNS ?? 20);

type Json = Record<string, unknown>;
type Operation = { method: string; path: string; template: string; params: { name: string; in: string; schema?: Json }[]; body: Json | null };

const document = buildOpenApiDocument(documentedRoutes(V1_ROUTES)) as { paths: Record<string, Record<string, Json>> };
const operations: Operation[] = Object.entries(document.paths).flatMap(([docPath, methods]) =>
  Object.entries(methods).map(([method, op]) => ({
    method: method.toUpperCase(),
    path: docPath,
    template: `/api/v1${docPath.replace(/\{(\w+)\}/g, "[$1]")}`,
    params: ((op.parameters as { name: string; in: string; schema?: Json }[] | undefined) ?? []).filter((p) => p.in === "path" || p.in === "query"),
    body: ((op.requestBody as { content?: Record<string, { schema?: Json }> } | undefined)?.content?.["application/json"]?.schema ?? null) as Json | null,
  })),
);

// Strings that have broken handlers before, next to arbitrary ones.
const hostile = fc.constantFrom(
  "",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff x",
  "%00",
  "%ED%A0%80",
  "__proto__",
  "constructor",
  "toString",
  "../../etc/passwd",
  "' OR 1=1 --",
  "${jndi:ldap://x}",
  "x".repeat(70_000),
  "9".repeat(400),
  "-1",
  "1e309",
  "NaN",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "\u202e\u2066",
  "😀".repeat(100),
);
const text = fc.oneof(hostile, fc.string({ unit: "binary", maxLength: 40 }), fc.uuid(), fc.string({ maxLength: 300 }));
const forgedCursor = fc.oneof(
  fc.jsonValue().map((v) => encodeCursor([JSON.stringify(v)])),
  fc.tuple(fc.string(), fc.string()).map((t) => Buffer.from(JSON.stringify(t)).toString("base64url")),
  fc.tuple(fc.integer(), fc.uuid()).map(([n, id]) => encodeCursor([n, id])),
  fc.constant(encodeCursor(["2026-13-45T99:99:99Z", "not-a-uuid"])),
  text,
);
const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(Number.MAX_VALUE, -Number.MAX_VALUE, 1e308, Number.MIN_VALUE, 2 ** 53 + 1, -0));
const deep = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  text,
  number,
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 6 }),
  fc.anything({ maxDepth: 4 }),
  fc.dictionary(text, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 20 }),
);

/** A body: a plausible object with hostile values, arbitrary JSON, or raw text that is not JSON at all. */
const body = fc.oneof(
  fc.record({ name: hostileValue, kind: hostileValue, status: hostileValue, metadata: hostileValue, externalId: hostileValue, lines: hostileValue, runs: hostileValue, slug: hostileValue, description: hostileValue, archived: hostileValue }, { requiredKeys: [] }),
  fc.record({ runs: fc.array(fc.record({ name: text, metadata: hostileValue }, { requiredKeys: [] }), { maxLength: 5 }) }),
  fc.record({ lines: fc.array(fc.record({ message: text, level: hostileValue, ts: text }, { requiredKeys: [] }), { maxLength: 5 }) }),
  fc.jsonValue({ maxDepth: 8 }).map((v) => JSON.stringify(v)),
  fc.constantFrom("{", "[1,2", "{\"name\":", "null", "\"\"", "1e999", `{"metadata":${deep(5000)}}`, deep(100_000), "{\"name\":\"\\u0000\"}", "{\"name\":\"\\ud800\"}"),
);
const headers = fc.record(
  {
    "idempotency-key": fc.oneof(fc.uuid(), fc.constantFrom("", " ", "x".repeat(300)), fc.string({ maxLength: 20 })),
    "content-type": fc.oneof({ weight: 6, arbitrary: fc.constant("application/json") }, { weight: 1, arbitrary: fc.constantFrom("text/plain", "application/merge-patch+json", "multipart/form-data", "") }),
    "if-none-match": fc.oneof(fc.constant("*"), fc.string({ maxLength: 40 })),
  },
  { requiredKeys: [] },
);

/**
 * Values shaped by the operation's own JSON Schema (so they get past validation to the
 * database), with a hostile string, number or value mixed in at every leaf: NUL, unpaired
 * surrogates, huge numbers, prototype names.
 */
const unstorable = fc.constantFrom("a\u0000b", "\u0000", "\ud800", "x\udfff", "ok\u0000\ud800");
function fromSchema(schema: Json | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return hostileValue;
  const ref = schema.$ref as string | undefined;
  if (ref) return fromSchema(components[ref.split("/").at(-1)!], depth + 1);
  const mix = <T,>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: valid }, { weight: 2, arbitrary: unstorable }, { weight: 1, arbitrary: hostileValue });
  if (Array.isArray(schema.enum)) return mix(fc.constantFrom(...(schema.enum as unknown[])));
  switch (schema.type) {
    case "string":
      if (schema.format === "date-time") return mix(fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((d) => d.toISOString()));
      if (schema.format === "uuid") return mix(fc.uuid());
      return mix(fc.string({ minLength: Number(schema.minLength ?? 0), maxLength: Math.min(Number(schema.maxLength ?? 30), 30) }));
    case "integer":
      return fc.oneof(fc.integer({ min: 0, max: 1000 }), number, hostileValue);
    case "number":
      return fc.oneof(fc.double(), number, hostileValue);
    case "boolean":
      return fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: hostileValue });
    case "array":
      return fc.array(fromSchema(schema.items as Json, depth + 1), { minLength: Number(schema.minItems ?? 0), maxLength: Math.min(Number(schema.maxItems ?? 5), 5) });
    case "object": {
      const props = (schema.properties ?? {}) as Record<string, Json>;
      if (Object.keys(props).length === 0) return fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), unstorable), fc.oneof(fc.string(), unstorable, fc.jsonValue({ maxDepth: 3 })), { maxKeys: 5 });
      const required = (schema.required as string[] | undefined) ?? [];
      return fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fromSchema(v, depth + 1)])), { requiredKeys: required.filter((k) => k in props) });
    }
    default:
      return hostileValue;
  }
}
const components = (document as unknown as { components: { schemas: Record<string, Json> } }).components.schemas;
const asQueryValue = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v) ?? "");

let admin: TestKey;
let slug: string;
beforeAll(async () => {
  admin = await makeKey();
  slug = (await makeProject(admin)).slug;
});

/** What a client puts in the URL; a lone surrogate has no UTF-8 (Node answers that raw path itself, tests/api-edge). */
const encodeSegment = (v: string) => {
  try {
    return encodeURIComponent(v);
  } catch {
    return "%ED%A0%80";
  }
};

/** Header values fetch would refuse to send (a client library cannot send them either). */
const sendable = (value: string) => /^[\t\x20-\x7e\x80-\xff]*$/.test(value);

describe.each(operations.map((op) => [`${op.method} ${op.path}`, op] as const))("fuzz %s", (_name, op) => {
  const handler = (V1_ROUTES as Record<string, Record<string, unknown>>)[op.template]![op.method] as Parameters<typeof call>[0];
  const pathParams = op.params.filter((p) => p.in === "path");
  const queryParams = op.params.filter((p) => p.in === "query");

  it(`answers ${RUNS} hostile requests without a 5xx, every error as problem+json`, async () => {
    const request = fc.record({
      params: fc.record(Object.fromEntries(pathParams.map((p) => [p.name, fc.oneof(text, fc.constant(p.name === "slug" ? "real" : "uuid"))]))),
      query: fc.oneof(
        fc.record(Object.fromEntries(queryParams.map((p) => [p.name, fromSchema(p.schema).map(asQueryValue)])), { requiredKeys: [] }),
        fc.dictionary(fc.oneof(fc.constantFrom(...queryParams.map((p) => p.name), "cursor", "limit", "fields"), text), fc.oneof(text, forgedCursor), { maxKeys: 5 }),
      ),
      body: op.body ? fc.oneof({ weight: 4, arbitrary: fromSchema(op.body) }, { weight: 2, arbitrary: body }, { weight: 1, arbitrary: fc.constant(undefined) }) : fc.constant(undefined),
      headers,
      key: fc.oneof({ weight: 6, arbitrary: fc.constant("valid") }, { weight: 1, arbitrary: fc.constantFrom("opk_short", `opk_${"a".repeat(43)}`, "", "Bearer") }),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const params = Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, v === "real" ? slug : v === "uuid" ? crypto.randomUUID() : v]));
        const url = `/api/v1${op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeSegment(params[name] ?? ""))}?${new URLSearchParams(Object.entries(r.query).filter((e): e is [string, string] => e[1] !== undefined))}`;
        const hdrs = Object.fromEntries(Object.entries(r.headers).filter(([, v]) => sendable(v)));
        const res = await call(handler, op.method, url, {
          key: r.key === "valid" ? admin.key : sendable(r.key) ? r.key : undefined,
          params,
          body: r.body,
          headers: hdrs,
        });
        expect(res.status, `${op.method} ${url}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.headers.get("content-type"), res.text.slice(0, 200)).toBe("application/problem+json");
          expect(res.json?.requestId).toBe(res.headers.get("x-request-id"));
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
