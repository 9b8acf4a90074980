import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";

// OpenTelemetry traces, exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set, with the standard OTEL_* variables for the
// rest (protocol, headers, sampler, OTEL_SERVICE_NAME; the service is "opsdeck" unless that
// says otherwise). @vercel/otel is the SDK: it registers the tracer provider, the
// AsyncLocalStorage context manager and the W3C traceparent propagator Next's own spans use.
//
// Off, nothing of the SDK is loaded and every helper below is one boolean check: no span
// objects, no context switches (the "zero-cost" the pipeline-overhead bench holds us to).

const holder = globalThis as unknown as { __opsdeckTracing?: boolean };
const TRACER = "opsdeck";

export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim()) && env.OTEL_SDK_DISABLED !== "true";
}

export function tracingEnabled(): boolean {
  return holder.__opsdeckTracing === true;
}

/** Registers the SDK once per process when an OTLP endpoint is configured; returns whether tracing is on. */
export async function startTracing(): Promise<boolean> {
  if (holder.__opsdeckTracing !== undefined) return holder.__opsdeckTracing;
  if (!tracingConfigured()) return (holder.__opsdeckTracing = false);
  const { registerOTel } = await import("@vercel/otel");
  // Outgoing calls are traced where they are made (probes, deliveries), not by patching fetch.
  registerOTel({ serviceName: "opsdeck", instrumentations: [] });
  return (holder.__opsdeckTracing = true);
}

/** Runs fn inside a span when tracing is on (ended, with its error recorded); plain fn otherwise. */
export function withSpan<T>(name: string, options: { kind?: SpanKind; attributes?: Attributes }, fn: (span: Span | undefined) => T): T {
  if (!holder.__opsdeckTracing) return fn(undefined);
  return trace.getTracer(TRACER).startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, (span) => {
    const fail = (err: unknown) => {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      span.end();
      throw err;
    };
    try {
      const result = fn(span);
      if (result instanceof Promise) {
        return result.then((value) => {
          span.end();
          return value;
        }, fail) as T;
      }
      span.end();
      return result;
    } catch (err) {
      return fail(err);
    }
  });
}

/** The SERVER span of one incoming request, its parent taken from the request's traceparent. */
export function withServerSpan<T>(headers: Record<string, string | string[] | undefined>, name: string, attributes: Attributes, fn: (span: Span | undefined) => T): T {
  if (!holder.__opsdeckTracing) return fn(undefined);
  const parent = propagation.extract(context.active(), headers);
  const span = trace.getTracer(TRACER).startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
  return context.with(trace.setSpan(parent, span), () => fn(span));
}

/** Adds traceparent (and tracestate) of the active span to outgoing headers; unchanged when tracing is off. */
export function withTraceHeaders(headers: Record<string, string>): Record<string, string> {
  if (!holder.__opsdeckTracing) return headers;
  const out = { ...headers };
  propagation.inject(context.active(), out);
  return out;
}

/**
 * A CLIENT span for one outgoing call that ends later (a Redis command), a child of the
 * active span; undefined when tracing is off. End it with endSpan.
 */
export function startClientSpan(name: string, attributes: Attributes): Span | undefined {
  if (!holder.__opsdeckTracing) return undefined;
  return trace.getTracer(TRACER).startSpan(name, { kind: SpanKind.CLIENT, attributes });
}

/** The active trace id, for log lines and slow-query records; undefined when tracing is off. */
export function currentTraceId(): string | undefined {
  if (!holder.__opsdeckTracing) return undefined;
  const ctx = trace.getActiveSpan()?.spanContext();
  return ctx && ctx.traceId !== "00000000000000000000000000000000" ? ctx.traceId : undefined;
}

/** Sets attributes on the active span (the pipeline adds the caller and request id). */
export function annotateActiveSpan(attributes: Attributes): void {
  if (!holder.__opsdeckTracing) return;
  trace.getActiveSpan()?.setAttributes(attributes);
}

export { SpanKind, SpanStatusCode };

const SQL_VERB = /^\s*(?:\/\*[\s\S]*?\*\/\s*)?([a-z]+)/i;

/** A CLIENT span for one PostgreSQL statement (text only: parameters are never attached). */
export function startQuerySpan(text: string): Span | undefined {
  if (!holder.__opsdeckTracing) return undefined;
  const verb = SQL_VERB.exec(text)?.[1]?.toUpperCase() ?? "QUERY";
  return trace.getTracer(TRACER).startSpan(verb, {
    kind: SpanKind.CLIENT,
    attributes: { "db.system.name": "postgresql", "db.system": "postgresql", "db.operation.name": verb, "db.query.text": text.length > 4_000 ? text.slice(0, 4_000) : text },
  });
}

export function endSpan(span: Span | undefined, err?: unknown): void {
  if (!span) return;
  if (err) span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
  span.end();
}

/** Exports what is buffered (shutdown, tests); resolves at once when tracing is off. */
export async function flushTracing(): Promise<void> {
  if (!holder.__opsdeckTracing) return;
  const provider = trace.getTracerProvider() as { forceFlush?: () => Promise<void>; getDelegate?: () => { forceFlush?: () => Promise<void> } };
  await (provider.getDelegate?.() ?? provider).forceFlush?.();
}

/** Benchmarks only: pauses span creation with the SDK registered, to compare traced and untraced requests in one session. */
export function pauseTracingForBench(paused: boolean): void {
  if (holder.__opsdeckTracing === undefined) return;
  holder.__opsdeckTracing = !paused;
}
