import "server-only";
import { recordAuditStandalone } from "../audit/record";
import { actorOf, type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { getPool } from "../db/client";
import { withoutQueryRecording } from "../db/query-context";
import { NotFoundError, ValidationError } from "../errors";
import { statementText } from "./pg-stats";
import { buildPlanTree, type PlanTree } from "./plan-tree";
import { recordedQueryText } from "./recorded";
import { loadSqlParser } from "./sql-text";
import { log } from "../log/logger";

// EXPLAIN for a recorded statement or a pg_stat_statements entry — never for text the
// browser sends. Only a single plain SELECT is explained, in a READ ONLY transaction with
// a short statement_timeout; ANALYZE (which executes) only when asked, and only for a
// statement without parameters or side-effecting functions. A failure is reported as a
// class derived from the SQLSTATE, never PostgreSQL's message, which can quote row values
// (PgHero CVE-2023-22626).

export const EXPLAIN_TIMEOUT_MS = 3_000;

export type ExplainTarget = { source: "recorded"; fingerprint: string } | { source: "statements"; queryid: string };
export type ExplainOutcome = { ok: true; plan: PlanTree; query: string } | { ok: false; errorClass: string; sqlstate: string | null; message: string };

const WRITES = new Set(["InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt"]);
// Functions with effects outside the transaction, which READ ONLY does not stop.
const UNSAFE_FUNCTIONS = /^(pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_rotate_logfile|pg_promote|pg_switch_wal|pg_create_restore_point|pg_sleep.*|pg_advisory.*|pg_try_advisory.*|set_config|nextval|setval|lo_.*|dblink.*|pg_read_.*|pg_ls_.*|pg_stat_reset.*|pg_stat_statements_reset|pg_notify|txid_.*|pg_logical_.*|pg_replication_.*|pg_file_.*|pg_import_system_collations)$/i;

type Analysis = { single: boolean; select: boolean; writes: boolean; into: boolean; locking: boolean; params: number; unsafeFunctions: string[] };

function walk(node: unknown, visit: (key: string, value: unknown) => void): void {
  if (Array.isArray(node)) return node.forEach((n) => walk(n, visit));
  if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      visit(key, value);
      walk(value, visit);
    }
  }
}

/** What the parser says about a statement: is it one plain SELECT, how many $n it takes. */
export async function analyzeStatement(text: string): Promise<Analysis | null> {
  const parser = await loadSqlParser();
  let tree: { stmts?: { stmt: Record<string, unknown> }[] };
  try {
    tree = parser.parseSync(text) as typeof tree;
  } catch {
    return null;
  }
  const stmts = tree.stmts ?? [];
  const root = stmts[0]?.stmt;
  const result: Analysis = { single: stmts.length === 1, select: Boolean(root && "SelectStmt" in root), writes: false, into: false, locking: false, params: 0, unsafeFunctions: [] };
  const seenParams = new Set<number>();
  walk(tree, (key, value) => {
    if (WRITES.has(key)) result.writes = true;
    if (key === "intoClause" && value) result.into = true;
    if (key === "lockingClause" && Array.isArray(value) && value.length > 0) result.locking = true;
    if (key === "ParamRef") seenParams.add(Number((value as { number?: number }).number ?? 0));
    if (key === "FuncCall") {
      const names = ((value as { funcname?: { String?: { sval?: string } }[] }).funcname ?? []).map((n) => n.String?.sval ?? "");
      const name = names[names.length - 1] ?? "";
      if (UNSAFE_FUNCTIONS.test(name)) result.unsafeFunctions.push(name);
    }
  });
  result.params = seenParams.size;
  return result;
}

/** SQLSTATE → a class the UI can show. The code is ours to show; the message is not. */
export function explainErrorClass(sqlstate: string | null): { errorClass: string; message: string } {
  const code = sqlstate ?? "";
  if (code === "57014") return { errorClass: "timeout", message: `The statement ran longer than ${EXPLAIN_TIMEOUT_MS / 1000} s and was cancelled.` };
  if (code === "25006") return { errorClass: "read_only", message: "The statement tried to write, which a read-only transaction refuses." };
  if (code === "42P01" || code === "42703" || code === "42883") return { errorClass: "schema_changed", message: "The statement refers to a table, column or function that does not exist (any more)." };
  if (code === "42501") return { errorClass: "permission", message: "The database user may not read what this statement reads." };
  if (code === "42P02") return { errorClass: "parameters", message: "The statement has parameters PostgreSQL could not type for a generic plan." };
  if (code.startsWith("42")) return { errorClass: "invalid_statement", message: "PostgreSQL could not plan the statement (syntax or access rule violation)." };
  if (code.startsWith("22")) return { errorClass: "data_exception", message: "The statement failed on the data it read (a data exception). Details are withheld because they can contain row values." };
  if (code.startsWith("23")) return { errorClass: "constraint", message: "The statement violated a constraint." };
  if (code.startsWith("53") || code.startsWith("54")) return { errorClass: "resources", message: "The database ran out of a resource while planning." };
  if (code.startsWith("55") || code.startsWith("40")) return { errorClass: "busy", message: "The statement could not get the locks or state it needs; try again." };
  return { errorClass: "failed", message: "PostgreSQL refused to explain the statement." };
}

async function textFor(target: ExplainTarget): Promise<string> {
  const text = target.source === "recorded" ? await recordedQueryText(target.fingerprint) : await statementText(target.queryid);
  if (!text) throw new NotFoundError("Query");
  return text;
}

export async function explainQuery(ctx: AccessContext, target: ExplainTarget, options: { analyze?: boolean } = {}): Promise<ExplainOutcome> {
  const id = target.source === "recorded" ? target.fingerprint : target.queryid;
  await authorize(ctx, "admin", `queries:explain ${target.source}:${id}`);
  const analyze = options.analyze === true;
  const audit = (outcome: string) =>
    recordAuditStandalone({
      action: "query.explain",
      actor: actorOf(ctx.principal),
      target: { type: target.source === "recorded" ? "slow_query" : "pg_stat_statement", id },
      changes: { analyze, outcome },
      meta: ctx.meta,
    });

  const text = await textFor(target);
  const analysis = await analyzeStatement(text);
  const refuse = async (outcome: string, message: string): Promise<never> => {
    await audit(outcome);
    throw new ValidationError(message);
  };
  if (!analysis) return refuse("refused:unparsable", "The statement could not be parsed, so it is not explained.");
  if (!analysis.single || !analysis.select || analysis.writes || analysis.into || analysis.locking) {
    return refuse("refused:not_select", "Only a single SELECT that does not write or lock can be explained.");
  }
  if (analyze && analysis.params > 0) return refuse("refused:analyze_params", "ANALYZE runs the statement, which needs values for its parameters; explain it without ANALYZE.");
  if (analyze && analysis.unsafeFunctions.length > 0) return refuse("refused:analyze_unsafe", `ANALYZE would run ${analysis.unsafeFunctions[0]}(), which has effects outside the transaction.`);

  const client = await getPool().connect();
  try {
    return await withoutQueryRecording(async () => {
      const { rows } = await client.query<{ v: number }>("SELECT current_setting('server_version_num')::int AS v");
      const version = rows[0]!.v;
      if (analysis.params > 0 && version < 160000) {
        return refuse("refused:generic_plan_unsupported", "This statement has parameters; explaining it needs PostgreSQL 16 or later (EXPLAIN GENERIC_PLAN).");
      }
      const flags = ["FORMAT JSON", analyze ? "ANALYZE, BUFFERS" : null, analysis.params > 0 ? "GENERIC_PLAN" : null].filter(Boolean).join(", ");
      await client.query("BEGIN READ ONLY");
      try {
        await client.query(`SET LOCAL statement_timeout = ${EXPLAIN_TIMEOUT_MS}`);
        await client.query("SET LOCAL lock_timeout = 1000");
        const result = await client.query<{ "QUERY PLAN": unknown }>(`EXPLAIN (${flags}) ${text}`);
        const plan = buildPlanTree(result.rows[0]?.["QUERY PLAN"]);
        await client.query("ROLLBACK");
        await audit(analyze ? "plan:analyzed" : "plan");
        return { ok: true as const, plan, query: text };
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        const sqlstate = typeof (err as { code?: unknown }).code === "string" ? (err as { code: string }).code : null;
        if (err instanceof ValidationError) throw err;
        const { errorClass, message } = explainErrorClass(sqlstate);
        log("explain").warn({ source: target.source, id, sqlstate: sqlstate ?? null }, "explain failed");
        await audit(`error:${errorClass}`);
        return { ok: false as const, errorClass, sqlstate, message };
      }
    });
  } finally {
    client.release();
  }
}
