import http from "node:http";
import { E2E_PORT } from "./env";

// A local Sentry envelope sink for the e2e server: SENTRY_DSN points at it, so the browser
// SDK (and the server's) post envelopes here; GET /envelopes answers what arrived, one
// decoded envelope (header and items) each. Started beside the e2e server (start-server.ts).

export const SINK_PORT = Number(process.env.E2E_SENTRY_SINK_PORT ?? E2E_PORT + 1);
export const SINK_DSN = `http://e2epublickey@127.0.0.1:${SINK_PORT}/1`;

export type Envelope = { header: Record<string, unknown>; items: { header: Record<string, unknown>; payload: unknown }[]; raw: string };

function parseEnvelope(raw: string): Envelope {
  const lines = raw.split("\n");
  const header = JSON.parse(lines[0] || "{}") as Record<string, unknown>;
  const items: Envelope["items"] = [];
  for (let i = 1; i + 1 < lines.length; i += 2) {
    if (!lines[i]) continue;
    const itemHeader = JSON.parse(lines[i]!) as Record<string, unknown>;
    let payload: unknown = lines[i + 1];
    try {
      payload = JSON.parse(lines[i + 1]!);
    } catch {
      // a non-JSON item (attachments): kept as text
    }
    items.push({ header: itemHeader, payload });
  }
  return { header, items, raw };
}

export function startEnvelopeSink(): Promise<http.Server> {
  const envelopes: Envelope[] = [];
  const cors = { "access-control-allow-origin": "*", "access-control-allow-headers": "*", "access-control-allow-methods": "GET, POST, OPTIONS" };
  const server = http.createServer(async (req, res) => {
    if (req.method === "OPTIONS") return void res.writeHead(204, cors).end();
    if (req.method === "GET" && req.url === "/envelopes") return void res.writeHead(200, { ...cors, "content-type": "application/json" }).end(JSON.stringify(envelopes));
    if (req.method === "POST" && req.url?.startsWith("/api/1/envelope")) {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      try {
        envelopes.push(parseEnvelope(Buffer.concat(chunks).toString("utf8")));
      } catch {
        // a body we cannot read is dropped, as Sentry would answer 400
      }
      return void res.writeHead(200, { ...cors, "content-type": "application/json" }).end("{}");
    }
    res.writeHead(404, cors).end();
  });
  return new Promise((resolve) => server.listen(SINK_PORT, "127.0.0.1", () => resolve(server)));
}
