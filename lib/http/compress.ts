import type http from "node:http";
import zlib from "node:zlib";

// Route-handler answers (everything under /api/) compressed per Accept-Encoding at the Node
// HTTP server (lib/http/node-server.ts): brotli when the client takes it, gzip otherwise.
// It has to be here, not in the route-handler pipeline: Next drops Content-Encoding from a
// route handler's Response (send-response.ts, FORBIDDEN_HEADERS) while passing the bytes on.
// Next's own compression (gzip only) keeps pages; for /api/ its Accept-Encoding is taken
// away so the two never both run.
//
// Bodies under 1 kB, media that are already compressed, event streams and answers with
// Cache-Control: no-transform pass unchanged. Streamed answers (NDJSON/CSV exports) are
// compressed chunk by chunk with the socket's backpressure passed through, so memory stays what
// the plain stream needs plus the compressor's window. Brotli at quality 4, gzip at level 6:
// per-request compression of dynamic content (brotli's default 11 costs ~30× the CPU).

export type Encoding = "br" | "gzip";

export const COMPRESS_MIN_BYTES = 1024;
const COMPRESSIBLE = /^(application\/(json|problem\+json|x-ndjson|ndjson|xml|javascript)|text\/(?!event-stream))/i;
// A 256 kB window (lgwin 18) instead of brotli's 4 MB: each answer allocates its own
// encoder, and the larger window halves throughput for no gain on answers this size.
const BROTLI = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_LGWIN]: 18, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } };
const GZIP = { level: 6 };

/** The encoding to answer with, from Accept-Encoding (q=0 refuses; br preferred on a tie). */
export function negotiateEncoding(header: string | null | undefined): Encoding | null {
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

function addVary(res: http.ServerResponse): void {
  const vary = res.getHeader("vary");
  const current = Array.isArray(vary) ? vary.join(", ") : vary === undefined ? "" : String(vary);
  if (!current) res.setHeader("Vary", "Accept-Encoding");
  else if (!/\baccept-encoding\b/i.test(current) && current.trim() !== "*") res.setHeader("Vary", `${current}, Accept-Encoding`);
}

type Chunk = string | Uint8Array;
type Callback = (err?: Error | null) => void;
const toBuffer = (chunk: Chunk, encoding?: BufferEncoding) => (typeof chunk === "string" ? Buffer.from(chunk, encoding) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));

/**
 * Compresses what `res` sends, when worth it, for a client that accepts `acceptEncoding`. The
 * first kilobyte is held until it is known whether the body reaches 1 kB (or Content-Length says).
 */
export function compressNodeResponse(req: http.IncomingMessage, res: http.ServerResponse, acceptEncoding: string | undefined): void {
  const encoding = negotiateEncoding(acceptEncoding);
  const write = res.write.bind(res) as (chunk: Chunk, cb?: Callback) => boolean;
  const end = res.end.bind(res) as (chunk?: Chunk | Callback, cb?: Callback) => http.ServerResponse;
  let state: "undecided" | "plain" | "compressed" = "undecided";
  let held: Buffer[] = [];
  let heldBytes = 0;
  let compressor: zlib.BrotliCompress | zlib.Gzip | null = null;

  const eligible = (): boolean => {
    if (req.method === "HEAD" || res.statusCode === 204 || res.statusCode === 304 || res.statusCode < 200) return false;
    if (!COMPRESSIBLE.test(String(res.getHeader("content-type") ?? ""))) return false;
    addVary(res);
    if (!encoding || res.getHeader("content-encoding") !== undefined) return false;
    if (/\bno-transform\b/i.test(String(res.getHeader("cache-control") ?? ""))) return false;
    return true;
  };

  const start = (compress: boolean) => {
    state = compress ? "compressed" : "plain";
    if (!compress) return;
    res.setHeader("Content-Encoding", encoding!);
    res.removeHeader("Content-Length");
    compressor = encoding === "br" ? zlib.createBrotliCompress(BROTLI) : zlib.createGzip(GZIP);
    compressor.on("data", (out: Buffer) => {
      if (!write(out)) compressor!.pause();
    });
    res.on("drain", () => compressor?.resume());
    // A writer waiting on res for "drain" (Next's pipe) is woken when the compressor takes input again.
    compressor.on("drain", () => res.emit("drain"));
    compressor.on("error", (err) => res.destroy(err));
  };

  const decide = (final: boolean) => {
    const ok = eligible();
    const declared = Number(res.getHeader("content-length") ?? NaN);
    if (!ok || (Number.isFinite(declared) && declared < COMPRESS_MIN_BYTES)) return start(false);
    if (heldBytes >= COMPRESS_MIN_BYTES || (Number.isFinite(declared) && declared >= COMPRESS_MIN_BYTES)) return start(true);
    if (final) return start(false);
  };

  const flushHeld = (): boolean => {
    const chunks = held;
    held = [];
    heldBytes = 0;
    let ok = true;
    for (const c of chunks) ok = (state === "compressed" ? compressor!.write(c) : write(c)) && ok;
    return ok;
  };

  // writeHead(status, headers) would send the head at once: its headers are set instead and the
  // head goes out with the first body bytes, once the encoding is decided.
  const writeHead = res.writeHead.bind(res) as (status: number, ...rest: unknown[]) => http.ServerResponse;
  res.writeHead = function (status: number, reasonOrHeaders?: string | http.OutgoingHttpHeaders | http.OutgoingHttpHeader[], maybeHeaders?: http.OutgoingHttpHeaders | http.OutgoingHttpHeader[]): http.ServerResponse {
    // Once decided (Node's implicit head on the first body write calls this too), it is the real thing.
    if (state !== "undecided") return writeHead(status, ...[reasonOrHeaders, maybeHeaders].filter((a) => a !== undefined));
    res.statusCode = status;
    if (typeof reasonOrHeaders === "string") res.statusMessage = reasonOrHeaders;
    const headers = typeof reasonOrHeaders === "string" ? maybeHeaders : reasonOrHeaders;
    if (Array.isArray(headers)) {
      for (let i = 0; i + 1 < headers.length; i += 2) res.setHeader(String(headers[i]), headers[i + 1] as string);
    } else if (headers) {
      for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
    }
    return res;
  } as typeof res.writeHead;

  res.write = function (chunk: Chunk, encodingOrCb?: BufferEncoding | Callback, cb?: Callback): boolean {
    const callback = typeof encodingOrCb === "function" ? encodingOrCb : cb;
    const buffer = toBuffer(chunk, typeof encodingOrCb === "string" ? encodingOrCb : undefined);
    if (state === "plain") return write(buffer, callback);
    if (state === "compressed") return compressor!.write(buffer, callback);
    held.push(buffer);
    heldBytes += buffer.byteLength;
    decide(false);
    if (state === "undecided") {
      callback?.();
      return true;
    }
    const ok = flushHeld();
    callback?.();
    return ok;
  } as typeof res.write;

  res.end = function (chunk?: Chunk | Callback, encodingOrCb?: BufferEncoding | Callback, cb?: Callback): http.ServerResponse {
    const callback = typeof chunk === "function" ? chunk : typeof encodingOrCb === "function" ? encodingOrCb : cb;
    if (chunk !== undefined && chunk !== null && typeof chunk !== "function") {
      const buffer = toBuffer(chunk, typeof encodingOrCb === "string" ? encodingOrCb : undefined);
      if (state === "undecided") {
        held.push(buffer);
        heldBytes += buffer.byteLength;
      } else if (state === "compressed") compressor!.write(buffer);
      else write(buffer);
    }
    if (state === "undecided") {
      decide(true);
      flushHeld();
    }
    if (state === "compressed") {
      compressor!.once("end", () => end(callback));
      compressor!.end();
      return res;
    }
    return end(callback);
  } as typeof res.end;
}
