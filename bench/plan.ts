import { getPool } from "../lib/db/client";

// What the domain code really sends, and how PostgreSQL runs it: the statements are
// captured at the pool (not copied into the benchmark, where they could drift from the
// code) and explained with their own parameters.

export type Issued = { text: string; values: unknown[] };

export async function captureQueries(fn: () => Promise<unknown>): Promise<Issued[]> {
  const pool = getPool();
  const issued: Issued[] = [];
  const original = pool.query;
  const capture = (config: string | { text: string; values?: unknown[] }, values?: unknown[]) => {
    const text = typeof config === "string" ? config : config.text;
    issued.push({ text, values: values ?? (typeof config === "string" ? [] : (config.values ?? [])) });
    return (original as (c: unknown, v?: unknown) => unknown).call(pool, config, values);
  };
  pool.query = capture as unknown as typeof pool.query;
  try {
    await fn();
  } finally {
    pool.query = original;
  }
  return issued;
}

type PlanNode = {
  "Node Type": string;
  "Index Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  "Sort Method"?: string;
  Plans?: PlanNode[];
};

export type PlanSummary = { shape: string; rowsRead: number; sorts: boolean };

/** EXPLAIN ANALYZE of one statement: its node chain, whether it sorts, and how many rows its scans read. */
export async function explain(statement: Issued): Promise<PlanSummary> {
  const { rows } = await getPool().query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${statement.text}`, statement.values);
  const root = rows[0]!["QUERY PLAN"][0].Plan;
  const chain: string[] = [];
  let rowsRead = 0;
  let sorts = false;
  const walk = (node: PlanNode, onChain: boolean) => {
    const name = node["Index Name"] ? `${node["Node Type"]} using ${node["Index Name"]}` : node["Node Type"];
    if (onChain) chain.push(node["Sort Method"] ? `${name} (${node["Sort Method"]})` : name);
    if (node["Node Type"].includes("Sort")) sorts = true;
    if (node["Node Type"].includes("Scan")) rowsRead += ((node["Actual Rows"] ?? 0) + (node["Rows Removed by Filter"] ?? 0)) * (node["Actual Loops"] ?? 1);
    node.Plans?.forEach((child, i) => walk(child, onChain && i === 0));
  };
  walk(root, true);
  return { shape: chain.join(" ← "), rowsRead, sorts };
}
