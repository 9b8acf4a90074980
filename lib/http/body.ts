import { assertJsonShape } from "./input-gate";
import { HttpError } from "./problem";

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads a JSON body up to `limit` bytes. A declared Content-Length over the limit is refused
 * before reading; an undeclared one is refused as soon as the stream passes it, and the rest
 * is never buffered (the stream is cancelled).
 */
export async function readJsonBody(request: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) throw new HttpError(415, "unsupported_media_type", "Send the body as application/json");
  if (!request.body) throw new HttpError(400, "invalid_json", "The request body is empty");
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") throw new HttpError(400, "invalid_json", "The request body is empty");
  assertJsonShape(text);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "The request body is not valid JSON");
  }
}

const tooLarge = (limit: number) => new HttpError(413, "body_too_large", `The request body exceeds ${Math.round(limit / 1024)} KiB`);
