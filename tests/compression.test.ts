import http from "node:http";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as openApiRoute } from "@/app/api/v1/openapi.json/route";
import { GET as auditRoute } from "@/app/api/v1/audit/route";
import { GET as listRunsRoute } from "@/app/api/v1/projects/[slug]/runs/route";
import { negotiateEncoding } from "@/lib/http/compress";
import { installServerHooks } from "@/lib/http/node-server";
import { createLogger, setLogger } from "@/lib/log/logger";
import { createRun } from "@/lib/runs/create";
import { makeKey, makeProject, type TestKey } from "./support/api";
import { serve, type Served } from "./support/serve";

// Route-handler answers over 1 kB go out compressed per Accept-Encoding by the app's Node
// server hook (as under `next start`), through real HTTP: the raw bytes are read (no
// client-side decoding) and decoded here.

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

function get(url: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

const decode = (raw: Raw) =>
  (raw.headers["content-encoding"] === "br" ? zlib.brotliDecompressSync(raw.body) : raw.headers["content-encoding"] === "gzip" ? zlib.gunzipSync(raw.body) : raw.body).toString("utf8");

let owner: TestKey;
let slug = "";
let runs: Served;
let audit: Served;
let openapi: Served;

beforeAll(async () => {
  setLogger(createLogger(undefined, "warn"));
  installServerHooks();
  owner = await makeKey();
  slug = (await makeProject(owner)).slug;
  for (let i = 0; i < 40; i++) await createRun(owner.access, slug, { name: `deploy web #${i}`, metadata: { commit: `c0ffee${i}`, branch: "main" } });
  runs = await serve((request) => listRunsRoute(request, { params: Promise.resolve({ slug }) }));
  audit = await serve((request) => auditRoute(request));
  openapi = await serve(async (request) => openApiRoute(request));
});
afterAll(async () => {
  await Promise.all([runs?.close(), audit?.close(), openapi?.close()]);
  setLogger(undefined);
});

describe("Accept-Encoding negotiation", () => {
  it("prefers brotli, honours q-values and refusals, and falls back to none", () => {
    expect(negotiateEncoding("gzip, deflate, br")).toBe("br");
    expect(negotiateEncoding("gzip")).toBe("gzip");
    expect(negotiateEncoding("br;q=0.5, gzip;q=0.8")).toBe("gzip");
    expect(negotiateEncoding("br;q=0, gzip;q=0")).toBeNull();
    expect(negotiateEncoding("identity")).toBeNull();
    expect(negotiateEncoding("*")).toBe("br");
    expect(negotiateEncoding("br;q=0, *")).toBe("gzip");
    expect(negotiateEncoding(null)).toBeNull();
  });
});

describe("compressed route-handler answers", () => {
  it("compresses a JSON list with brotli or gzip as asked, with Vary, and the same JSON decoded", async () => {
    const auth = { authorization: `Bearer ${owner.key}` };
    const plain = await get(`${runs.url}/api/v1/projects/${slug}/runs?limit=40`, auth);
    const br = await get(`${runs.url}/api/v1/projects/${slug}/runs?limit=40`, { ...auth, "accept-encoding": "gzip, br" });
    const gz = await get(`${runs.url}/api/v1/projects/${slug}/runs?limit=40`, { ...auth, "accept-encoding": "gzip" });
    expect([plain.status, br.status, gz.status]).toEqual([200, 200, 200]);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(br.headers["content-encoding"]).toBe("br");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    for (const r of [plain, br, gz]) expect(r.headers.vary).toMatch(/accept-encoding/i);
    expect(JSON.parse(decode(br))).toEqual(JSON.parse(plain.body.toString()));
    expect(JSON.parse(decode(gz))).toEqual(JSON.parse(plain.body.toString()));
    expect(br.body.byteLength).toBeLessThan(plain.body.byteLength / 3);
    // The compressed body streams (chunked): a stale Content-Length of the plain body must not survive.
    expect(br.headers["content-length"]).toBeUndefined();
    // Revalidation still works on the compressed representation.
    const again = await get(`${runs.url}/api/v1/projects/${slug}/runs?limit=40`, { ...auth, "accept-encoding": "br", "if-none-match": String(br.headers.etag) });
    expect(again.status).toBe(304);
  });

  it("leaves an answer under 1 kB alone (but says it varies)", async () => {
    const small = await get(`${runs.url}/api/v1/projects/${slug}/runs?limit=1&fields=id`, { authorization: `Bearer ${owner.key}`, "accept-encoding": "br" });
    expect(small.status).toBe(200);
    expect(small.body.byteLength).toBeLessThan(1024);
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(small.headers.vary).toMatch(/accept-encoding/i);
  });

  it("streams an NDJSON export compressed (no Content-Length), every event intact", async () => {
    const auth = { authorization: `Bearer ${owner.key}` };
    const plain = await get(`${audit.url}/api/v1/audit?format=ndjson`, auth);
    const br = await get(`${audit.url}/api/v1/audit?format=ndjson`, { ...auth, "accept-encoding": "br" });
    const gz = await get(`${audit.url}/api/v1/audit?format=csv`, { ...auth, "accept-encoding": "gzip" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-length"]).toBeUndefined();
    expect(gz.headers["content-encoding"]).toBe("gzip");
    const lines = decode(br).trim().split("\n");
    expect(lines.length).toBeGreaterThan(40);
    expect(lines.map((l) => JSON.parse(l).seq)).toEqual(plain.body.toString().trim().split("\n").map((l) => JSON.parse(l).seq));
    expect(decode(gz).split("\r\n")[0]).toMatch(/^seq,/);
  });

  it("serves the OpenAPI document compressed, the same document decoded", async () => {
    const plain = await get(`${openapi.url}/api/v1/openapi.json`, {});
    const br = await get(`${openapi.url}/api/v1/openapi.json`, { "accept-encoding": "br" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(JSON.parse(decode(br))).toEqual(JSON.parse(plain.body.toString()));
  });
});
