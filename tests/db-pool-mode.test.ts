import { Pool } from "pg";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";
import { directUrl, poolConfig } from "@/lib/db/client";
import { UnnamedStatementsClient } from "@/lib/db/timed-client";

// DATABASE_POOL_MODE=transaction: what changes for a transaction-mode pooler (PgBouncer).
// In CI the whole integration suite also runs through a real PgBouncer (.ci/run).

const db = "postgres://u@127.0.0.1:5432/app";
const direct = "postgres://u@127.0.0.1:5433/app";

describe("pool mode", () => {
  it("requires DATABASE_DIRECT_URL in transaction mode, naming it", () => {
    expect(() => parseConfig({ DATABASE_URL: db, DATABASE_POOL_MODE: "transaction" })).toThrow(ConfigError);
    expect(() => parseConfig({ DATABASE_URL: db, DATABASE_POOL_MODE: "transaction" })).toThrow(/DATABASE_DIRECT_URL is required/);
    expect(() => parseConfig({ DATABASE_URL: db, DATABASE_POOL_MODE: "bouncy" })).toThrow(/DATABASE_POOL_MODE/);
    const config = parseConfig({ DATABASE_URL: db, DATABASE_DIRECT_URL: direct, DATABASE_POOL_MODE: "transaction" });
    expect(directUrl(config)).toBe(direct);
    expect(directUrl(parseConfig({ DATABASE_URL: db }))).toBe(db);
  });

  it("sends no session settings at startup and keeps the statement bound on the client", () => {
    const session = poolConfig(db, parseConfig({ DATABASE_URL: db, DATABASE_STATEMENT_TIMEOUT_MS: "2000" }));
    expect(session).toMatchObject({ statement_timeout: 2000, idle_in_transaction_session_timeout: 4000 });
    const pooled = poolConfig(db, parseConfig({ DATABASE_URL: db, DATABASE_DIRECT_URL: direct, DATABASE_POOL_MODE: "transaction", DATABASE_STATEMENT_TIMEOUT_MS: "2000" }));
    expect(pooled.statement_timeout).toBeUndefined();
    expect(pooled.idle_in_transaction_session_timeout).toBeUndefined();
    expect(pooled.query_timeout).toBe(2000);
    expect(pooled.Client).toBe(UnnamedStatementsClient);
  });

  it("sends named statements unnamed: the server never holds a prepared statement for them", async () => {
    const pool = new Pool({ connectionString: process.env.DATABASE_URL, Client: UnnamedStatementsClient, max: 2 });
    try {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const { rows } = await client.query({ name: "opsdeck_named_probe", text: "SELECT $1::int + 1 AS n", values: [41] });
        expect(rows).toEqual([{ n: 42 }]);
        const prepared = await client.query("SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = 'opsdeck_named_probe'");
        expect(prepared.rows).toEqual([{ n: 0 }]);
        await client.query("COMMIT");
      } finally {
        client.release();
      }
      // The plain client does prepare it (so the check above can fail).
      const plain = new Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
      const c = await plain.connect();
      try {
        await c.query("BEGIN");
        await c.query({ name: "opsdeck_named_probe", text: "SELECT $1::int + 1 AS n", values: [41] });
        expect((await c.query("SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = 'opsdeck_named_probe'")).rows).toEqual([{ n: 1 }]);
        await c.query("COMMIT");
      } finally {
        c.release(true);
        await plain.end();
      }
    } finally {
      await pool.end();
    }
  });
});
