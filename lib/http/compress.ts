import { Readable } from "node:stream";
import zlib from "node:zlib";
import { promisify } from "node:util";

// Route-handler answers compressed per Accept-Encoding: brotli when the client takes it,
// gzip otherwise, nothing below 1 kB or for media that are already compressed. Pages keep
// Next's own compression (its middleware leaves an answer alone once it carries
// Content-Encoding, so nothing is compressed twice). Streamed answers (NDJSON/CSV exports)
// are compressed as they stream: chunks go through a zlib transform, so memory stays what
// the uncompressed stream needs plus the compressor's window.
//
// Brotli at quality 4 and gzip at level 6: dynamic content is compressed per request, and
// brotli's default (11) costs ~30× the CPU for a few percent more.

export type Encoding = "br" | "gzip";

export const COMPRESS_MIN_BYTES = 1024;
const COMPRESSIBLE = /^(application\/(json|problem\+json|x-ndjson|ndjson|xml|javascript)|text\/)/i;
const BROTLI = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } };
const GZIP = { level: 6 };
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** The encoding to answer with, from Accept-Encoding (q=0 refuses; br preferred on a tie). */
export function negotiateEncoding(header: string | null): Encoding | null {
  if (!header) return null;
  let best: { encoding: Encoding; q: number } | null = null;
  let star: number | null = null;
  const seen = new Set<string>();
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    if (name === "*") star = q;
    if (name !== "br" && name !== "gzip") continue;
    seen.add(name);
    if (q > 0 && (!best || q > best.q || (q === best.q && name === "br"))) best = { encoding: name, q };
  }
  if (!best && star !== null && star > 0) {
    if (!seen.has("br")) return "br";
    if (!seen.has("gzip")) return "gzip";
  }
  return best?.encoding ?? null;
}

function addVary(headers: Headers): void {
  const vary = headers.get("vary");
  if (!vary) headers.set("Vary", "Accept-Encoding");
  else if (!/\baccept-encoding\b/i.test(vary) && vary.trim() !== "*") headers.set("Vary", `${vary}, Accept-Encoding`);
}

function compressible(response: Response, method: string): boolean {
  if (method === "HEAD" || !response.body || response.status === 204 || response.status === 304) return false;
  if (response.headers.has("content-encoding")) return false;
  if (/\bno-transform\b/i.test(response.headers.get("cache-control") ?? "")) return false;
  return COMPRESSIBLE.test(response.headers.get("content-type") ?? "");
}

/** Sync, for answers built once and cached (the OpenAPI document). */
export function compressSync(body: string | Uint8Array, encoding: Encoding): Buffer {
  return encoding === "br" ? zlib.brotliCompressSync(body, BROTLI) : zlib.gzipSync(body, GZIP);
}

function compressedStream(body: ReadableStream<Uint8Array>, encoding: Encoding): ReadableStream<Uint8Array> {
  const transform = encoding === "br" ? zlib.createBrotliCompress(BROTLI) : zlib.createGzip(GZIP);
  const source = Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>);
  source.on("error", (err) => transform.destroy(err));
  return Readable.toWeb(source.pipe(transform)) as unknown as ReadableStream<Uint8Array>;
}

/**
 * The response, compressed for this request when that is worth it. `text` is the body when the
 * caller built it from a string (its size decides); a body of unknown size (a stream) is
 * compressed as it streams unless Content-Length says it is small.
 */
export async function compressResponse(request: Request, response: Response, text?: string): Promise<Response> {
  if (!compressible(response, request.method)) return response;
  addVary(response.headers);
  const size = text !== undefined ? Buffer.byteLength(text) : Number(response.headers.get("content-length") ?? NaN);
  if (size < COMPRESS_MIN_BYTES) return response;
  const encoding = negotiateEncoding(request.headers.get("accept-encoding"));
  if (!encoding) return response;
  const headers = new Headers(response.headers);
  headers.set("Content-Encoding", encoding);
  if (text !== undefined) {
    // In line up to 256 kB (~1 ms for a 200-run list; a thread-pool hop costs more on a busy
    // machine), on the thread pool beyond.
    const large = text.length > 256 * 1024;
    const bytes = large ? await (encoding === "br" ? brotli(text, BROTLI) : gzip(text, GZIP)) : compressSync(text, encoding);
    headers.set("Content-Length", String(bytes.byteLength));
    return new Response(new Uint8Array(bytes), { status: response.status, statusText: response.statusText, headers });
  }
  headers.delete("content-length");
  return new Response(compressedStream(response.body!, encoding), { status: response.status, statusText: response.statusText, headers });
}
