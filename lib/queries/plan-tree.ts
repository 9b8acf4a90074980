// EXPLAIN (FORMAT JSON) → a tree the page renders, with the costliest node marked. Pure.

export type PlanNode = {
  id: number;
  nodeType: string;
  /** "on runs", "using runs_project_idx": what the node reads. */
  target: string | null;
  startupCost: number;
  totalCost: number;
  planRows: number;
  /** The node's own cost: its total minus its children's totals (never negative). */
  selfCost: number;
  actualMs: number | null;
  selfMs: number | null;
  actualRows: number | null;
  loops: number | null;
  /** Conditions and filters, as PostgreSQL printed them (query text with $n, no row data). */
  details: string[];
  children: PlanNode[];
};

export type PlanTree = { root: PlanNode; costliestId: number; analyzed: boolean; planningMs: number | null; executionMs: number | null };

type RawPlan = Record<string, unknown> & { Plans?: RawPlan[] };

const DETAIL_KEYS = ["Index Cond", "Recheck Cond", "Hash Cond", "Merge Cond", "Join Filter", "Filter", "Sort Key", "Group Key"];
const MAX_DETAIL = 300;

function num(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function targetOf(p: RawPlan): string | null {
  const parts: string[] = [];
  if (typeof p["Relation Name"] === "string") parts.push(`on ${p["Relation Name"]}${typeof p.Alias === "string" && p.Alias !== p["Relation Name"] ? ` ${p.Alias}` : ""}`);
  if (typeof p["Index Name"] === "string") parts.push(`using ${p["Index Name"]}`);
  if (typeof p["CTE Name"] === "string") parts.push(`CTE ${p["CTE Name"]}`);
  if (typeof p["Function Name"] === "string") parts.push(`function ${p["Function Name"]}`);
  return parts.length ? parts.join(" ") : null;
}

export function buildPlanTree(explainJson: unknown): PlanTree {
  const top = (Array.isArray(explainJson) ? explainJson[0] : explainJson) as { Plan?: RawPlan; "Planning Time"?: number; "Execution Time"?: number } | undefined;
  if (!top?.Plan) throw new Error("not an EXPLAIN (FORMAT JSON) result");
  let next = 0;
  let analyzed = false;
  const walk = (p: RawPlan): PlanNode => {
    const id = next++;
    const children = (p.Plans ?? []).map(walk);
    const totalCost = num(p["Total Cost"]) ?? 0;
    const loops = num(p["Actual Loops"]);
    const actualTotal = num(p["Actual Total Time"]);
    if (actualTotal !== null) analyzed = true;
    const actualMs = actualTotal !== null ? actualTotal * (loops ?? 1) : null;
    const childCost = children.reduce((s, c) => s + c.totalCost, 0);
    const childMs = children.reduce((s, c) => s + (c.actualMs ?? 0), 0);
    const details: string[] = [];
    for (const key of DETAIL_KEYS) {
      const v = p[key];
      const text = Array.isArray(v) ? v.join(", ") : typeof v === "string" ? v : null;
      if (text) details.push(`${key}: ${text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text}`);
    }
    return {
      id,
      nodeType: [p["Node Type"], p["Join Type"] && p["Node Type"] !== "Hash" ? `(${p["Join Type"]})` : null].filter(Boolean).join(" ") || "Node",
      target: targetOf(p),
      startupCost: num(p["Startup Cost"]) ?? 0,
      totalCost,
      planRows: num(p["Plan Rows"]) ?? 0,
      selfCost: Math.max(0, totalCost - childCost),
      actualMs,
      selfMs: actualMs !== null ? Math.max(0, actualMs - childMs) : null,
      actualRows: num(p["Actual Rows"]),
      loops,
      details,
      children,
    };
  };
  const root = walk(top.Plan);
  let costliest = root;
  const visit = (n: PlanNode) => {
    const score = analyzed ? (n.selfMs ?? 0) : n.selfCost;
    const best = analyzed ? (costliest.selfMs ?? 0) : costliest.selfCost;
    if (score > best) costliest = n;
    n.children.forEach(visit);
  };
  visit(root);
  return { root, costliestId: costliest.id, analyzed, planningMs: num(top["Planning Time"]), executionMs: num(top["Execution Time"]) };
}
