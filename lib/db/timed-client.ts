import { Client } from "pg";
import { currentQueryContext } from "./query-context";

// Every query the app issues is timed here: the pool is built with this Client subclass
// (pg-pool's documented `Client` option), so pool.query, drizzle and transactions all pass
// through query() below. Nothing inside pg is patched, so a pg upgrade cannot silently
// bypass it. Streams and cursors (Submittables) pass through untimed.

export type QueryObservation = { text: string; durationMs: number; route: string; requestId: string | null; at: number; failed: boolean };
type Observer = (observation: QueryObservation) => void;

const holder = globalThis as unknown as { __opsdeckQueryObserver?: Observer };

/** The slow-query recorder installs itself here; one observer per process. */
export function setQueryObserver(observer: Observer | undefined): void {
  holder.__opsdeckQueryObserver = observer;
}

function observe(text: string, started: number, failed: boolean, context: ReturnType<typeof currentQueryContext>): void {
  const observer = holder.__opsdeckQueryObserver;
  if (!observer || context?.untimed) return;
  try {
    observer({ text, durationMs: performance.now() - started, route: context?.route ?? "(unattributed)", requestId: context?.requestId ?? null, at: Date.now(), failed });
  } catch {
    // Recording must never fail a query.
  }
}

export class TimedClient extends Client {
  constructor(...args: ConstructorParameters<typeof Client>) {
    super(...args);
    // pg-pool listens for "error" only while a client is idle. A checked-out client whose
    // connection the server ends between statements (a restart: 57P01) emits "error" with
    // nobody listening, and Node turns that into an uncaught exception. Its next query
    // fails (and the pool discards it on release), so noting it is enough.
    this.on("error", (err: Error) => console.error(`[db] connection lost: ${err.message}`));
  }


  // pg's query() has a dozen overloads; this forwards all of them unchanged.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- boundary with pg's overloads
  override query(...args: any[]): any {
    const first = args[0];
    if (first && typeof first === "object" && typeof first.submit === "function") return (super.query as (...a: unknown[]) => unknown)(...args);
    const text: string = typeof first === "string" ? first : typeof first?.text === "string" ? first.text : "";
    const context = currentQueryContext();
    const started = performance.now();
    const callbackAt = args.findIndex((a) => typeof a === "function");
    if (callbackAt >= 0) {
      const callback = args[callbackAt] as (err: Error | null, result: unknown) => void;
      args[callbackAt] = (err: Error | null, result: unknown) => {
        observe(text, started, Boolean(err), context);
        callback(err, result);
      };
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const pending = (super.query as (...a: unknown[]) => Promise<unknown>)(...args);
    return pending.then(
      (result) => {
        observe(text, started, false, context);
        return result;
      },
      (err: unknown) => {
        observe(text, started, true, context);
        // drizzle-orm's transaction() sends BEGIN before its try/finally: when BEGIN fails
        // (the server went away), the pool client is never released, and the pool leaks
        // one connection per failed transaction until it is exhausted (and pool.end() hangs).
        // Released here, with the error, so the pool discards it.
        if (/^\s*begin\b/i.test(text)) (this as unknown as { release?: (err?: unknown) => void }).release?.(err);
        throw err;
      },
    );
  }
}

/**
 * For connections through a transaction-mode pooler (DATABASE_POOL_MODE=transaction): a named
 * prepared statement lives on one server session, which the next transaction may not get,
 * so a query's `name` is dropped and it is sent unnamed (parsed each time, as drizzle does anyway).
 */
export class UnnamedStatementsClient extends TimedClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- boundary with pg's overloads
  override query(...args: any[]): any {
    const first = args[0];
    if (first && typeof first === "object" && typeof first.submit !== "function" && "name" in first) {
      const { name: _name, ...unnamed } = first as { name?: string };
      void _name;
      args[0] = unnamed;
    }
    return super.query(...args);
  }
}
