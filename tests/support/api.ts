import { and, asc, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { expect } from "vitest";
import { forgetCachedApiKeys } from "@/lib/api-keys/authenticate";
import { insertApiKey, revokeApiKeyRow } from "@/lib/api-keys/store";
import { SCOPES, type Scope } from "@/lib/auth/scopes";
import type { AccessContext } from "@/lib/auth/principal";
import { settleAuditChain } from "@/lib/audit/sequencer";
import { verifyAuditChain } from "@/lib/audit/verify";
import { getDb } from "@/lib/db/client";
import { auditEvents, type AuditEvent } from "@/lib/db/schema";
import { createProject } from "@/lib/projects/mutations";
import type { ProjectDto } from "@/lib/projects/dto";

// Calls the exported route handlers directly, the way Next does, with data built through
// the same domain functions the app uses.

const tests = { type: "system", label: "tests" } as const;

export type TestKey = { key: string; id: string; access: AccessContext };

let counter = 0;
/** A short unique suffix for slugs and names within one test file's database. */
export const unique = (prefix = "p") => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** An API key; all scopes unless told otherwise. `access` is its AccessContext for domain calls. */
export async function makeKey(options: { scopes?: Scope[]; project?: string; expiresAt?: Date } = {}): Promise<TestKey> {
  const { key, apiKey } = await getDb().transaction((tx) =>
    insertApiKey(tx, { name: unique("key"), scopes: options.scopes ?? [...SCOPES], projectSlug: options.project, expiresAt: options.expiresAt }, tests),
  );
  return { key, id: apiKey.id, access: { principal: { kind: "api_key", key: apiKey }, meta: {} } };
}

export async function revokeKey(key: TestKey): Promise<void> {
  await getDb().transaction((tx) => revokeApiKeyRow(tx, key.id, tests));
  forgetCachedApiKeys();
}

/** Every scope but the ones named. */
export const scopesWithout = (...missing: Scope[]): Scope[] => SCOPES.filter((s) => !missing.includes(s));

export async function makeProject(owner: TestKey, slug = unique()): Promise<ProjectDto> {
  return createProject(owner.access, { slug, name: `Project ${slug}` });
}

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Response | Promise<Response>;

export type CallOptions = {
  key?: string;
  /** Sent as JSON (a string is sent as is). */
  body?: unknown;
  /** A raw body (e.g. a stream without Content-Length); content-type defaults to JSON. */
  rawBody?: BodyInit;
  headers?: Record<string, string>;
  params?: Record<string, string>;
};

export type CallResult = { status: number; headers: Headers; json: any; text: string }; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are checked by the tests

export async function call(handler: Handler, method: string, url: string, options: CallOptions = {}): Promise<CallResult> {
  const headers = new Headers(options.headers);
  if (options.key !== undefined) headers.set("authorization", `Bearer ${options.key}`);
  let body: BodyInit | undefined = options.rawBody;
  if (options.body !== undefined) body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  if (body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  const init = { method, headers, body, duplex: "half" } as ConstructorParameters<typeof NextRequest>[1];
  const response = await handler(new NextRequest(new URL(url, "http://localhost"), init), { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  const type = response.headers.get("content-type") ?? "";
  return { status: response.status, headers: response.headers, json: text && /\bjson\b/.test(type) ? JSON.parse(text) : null, text };
}

/** An RFC 9457 answer: the status, the media type, the members, and the id it was logged under. */
export function expectProblem(res: CallResult, status: number, code?: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expect(res.json).toMatchObject({ type: expect.stringMatching(/^urn:opsdeck:problem:/), title: expect.any(String), status, detail: expect.any(String), requestId: expect.any(String) });
  expect(res.headers.get("x-request-id")).toBe(res.json.requestId);
  if (code) expect(res.json.type).toBe(`urn:opsdeck:problem:${code}`);
}

/** A 400 naming the offending fields in errors[]. */
export function expectValidationProblem(res: CallResult, path?: string): void {
  expectProblem(res, 400);
  expect(res.json.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.any(String), message: expect.any(String) })]));
  if (path) expect(res.json.errors.map((e: { path: string }) => e.path)).toContain(path);
}

/** A JSON body of at least `bytes` bytes that would otherwise be a valid run. */
export const oversizeJson = (bytes: number) => JSON.stringify({ name: "big", metadata: { pad: "x".repeat(bytes) } });

/** The same body as a stream, so no Content-Length is declared. */
export function streamOf(text: string, chunkBytes = 64 * 1024): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkBytes));
      offset += chunkBytes;
    },
  });
}

export async function auditEventsFor(action: string, targetId?: string): Promise<AuditEvent[]> {
  const where = targetId ? and(eq(auditEvents.action, action), eq(auditEvents.targetId, targetId)) : eq(auditEvents.action, action);
  await settleAuditChain(getDb());
  return getDb().select().from(auditEvents).where(where).orderBy(asc(auditEvents.seq));
}

export async function expectAuditChainIntact(): Promise<void> {
  expect(await verifyAuditChain(getDb())).toMatchObject({ ok: true });
}
