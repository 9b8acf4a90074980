// A local OTLP/HTTP trace receiver, run as its own process (so the app's HTTP-server hook in
// the test process never sees it): POST /v1/traces takes an ExportTraceServiceRequest as
// protobuf (the exporters' default) or JSON, decodes it, and keeps the spans; GET /spans
// answers them as JSON. Prints its port on stdout once listening.
import http from "node:http";

const spans = [];

function reader(buf) {
  let pos = 0;
  const varint = () => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = buf[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  return {
    *fields() {
      while (pos < buf.length) {
        const tag = Number(varint());
        const field = tag >>> 3;
        const wire = tag & 7;
        if (wire === 0) yield { field, value: varint() };
        else if (wire === 1) yield { field, value: buf.subarray(pos, (pos += 8)) };
        else if (wire === 5) yield { field, value: buf.subarray(pos, (pos += 4)) };
        else if (wire === 2) {
          const len = Number(varint());
          yield { field, value: buf.subarray(pos, (pos += len)) };
        } else throw new Error(`unsupported wire type ${wire}`);
      }
    },
  };
}

const str = (b) => Buffer.from(b).toString("utf8");
const hex = (b) => Buffer.from(b).toString("hex");

function anyValue(buf) {
  for (const { field, value } of reader(buf).fields()) {
    if (field === 1) return str(value);
    if (field === 2) return value !== 0n;
    if (field === 3) return Number(BigInt.asIntN(64, value));
    if (field === 4) return Buffer.from(value).readDoubleLE(0);
  }
  return null;
}

function keyValue(buf) {
  let key = "";
  let value = null;
  for (const { field, value: v } of reader(buf).fields()) {
    if (field === 1) key = str(v);
    if (field === 2) value = anyValue(v);
  }
  return [key, value];
}

function decodeProtobuf(buf) {
  const out = [];
  for (const rs of reader(buf).fields()) {
    if (rs.field !== 1) continue;
    const resource = {};
    const scoped = [];
    for (const { field, value } of reader(rs.value).fields()) {
      if (field === 1) for (const a of reader(value).fields()) if (a.field === 1) Object.assign(resource, Object.fromEntries([keyValue(a.value)]));
      if (field === 2) for (const s of reader(value).fields()) if (s.field === 2) scoped.push(s.value);
    }
    for (const raw of scoped) {
      const span = { resource, attributes: {}, traceId: "", spanId: "", parentSpanId: "", name: "", kind: 0 };
      for (const { field, value } of reader(raw).fields()) {
        if (field === 1) span.traceId = hex(value);
        else if (field === 2) span.spanId = hex(value);
        else if (field === 4) span.parentSpanId = hex(value);
        else if (field === 5) span.name = str(value);
        else if (field === 6) span.kind = Number(value);
        else if (field === 9) {
          const [k, v] = keyValue(value);
          span.attributes[k] = v;
        }
      }
      out.push(span);
    }
  }
  return out;
}

function decodeJson(text) {
  const out = [];
  const flat = (attrs = []) => Object.fromEntries(attrs.map((a) => [a.key, a.value.stringValue ?? (a.value.intValue !== undefined ? Number(a.value.intValue) : (a.value.boolValue ?? a.value.doubleValue ?? null))]));
  for (const rs of JSON.parse(text).resourceSpans ?? []) {
    const resource = flat(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) out.push({ resource, attributes: flat(s.attributes), traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId ?? "", name: s.name, kind: s.kind });
  }
  return out;
}

const server = http.createServer(async (req, res) => {
  if (req.method === "GET" && req.url === "/spans") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(spans));
    return;
  }
  if (req.method === "POST" && req.url === "/v1/traces") {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    try {
      const json = String(req.headers["content-type"]).includes("json");
      spans.push(...(json ? decodeJson(body.toString("utf8")) : decodeProtobuf(body)));
      res.writeHead(200, { "content-type": json ? "application/json" : "application/x-protobuf" }).end(json ? "{}" : "");
    } catch (err) {
      res.writeHead(400).end(String(err));
    }
    return;
  }
  res.writeHead(404).end();
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`${server.address().port}\n`));
