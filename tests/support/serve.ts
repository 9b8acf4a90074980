import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { NextRequest } from "next/server";

// Route handlers served the way Next serves them, minus Next: a loopback node:http server
// turns each IncomingMessage into a NextRequest, awaits the handler and writes its Response.
// Tests that need real HTTP (connections, concurrency, outages) and the benchmarks use it.

export type Handler = (request: NextRequest) => Promise<Response>;
export type Served = { url: string; close(): Promise<void> };

export async function serve(handler: Handler): Promise<Served> {
  // Requests still in flight when the load stops must finish before the database goes away.
  const inFlight = new Set<Promise<void>>();
  const server = http.createServer((req, res) => {
    const done = respond(handler, req, res).finally(() => inFlight.delete(done));
    inFlight.add(done);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      const closed = new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      server.closeAllConnections();
      await closed;
      await Promise.allSettled([...inFlight]);
    },
  };
}

async function respond(handler: Handler, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  try {
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    // The request id the app's server hook assigned, when it is installed (as Next sees it in req.headers).
    const assigned = req.headers["x-request-id"];
    if (typeof assigned === "string") headers.set("x-request-id", assigned);
    // As Next does: the socket address is the last X-Forwarded-For entry.
    headers.append("x-forwarded-for", req.socket.remoteAddress ?? "127.0.0.1");
    let body: Uint8Array<ArrayBuffer> | undefined;
    if (req.method !== "GET" && req.method !== "HEAD") {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      body = new Uint8Array(Buffer.concat(chunks));
    }
    const request = new NextRequest(new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`), { method: req.method, headers, body });
    const response = await handler(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    // Streamed as Next streams it: a long export never sits in memory whole.
    if (!response.body) res.end();
    else await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>), res);
  } catch (err) {
    // A stream that failed after its head went out can only be cut short.
    if (res.headersSent) return void res.destroy(err instanceof Error ? err : undefined);
    res.writeHead(500, { "content-type": "text/plain" });
    res.end(err instanceof Error ? err.message : String(err));
  }
}
