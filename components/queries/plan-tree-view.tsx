import type { PlanNode, PlanTree } from "@/lib/queries/plan-tree";
import { cn } from "@/lib/ui/cn";

// An EXPLAIN plan as a nested list, the node that costs the most (own cost, or own time
// with ANALYZE) highlighted and labelled.

const fmt = (n: number, digits = 2) => n.toLocaleString("en-US", { maximumFractionDigits: digits });

function Node({ node, tree }: { node: PlanNode; tree: PlanTree }) {
  const costliest = node.id === tree.costliestId;
  return (
    <li className="ml-4 border-l pl-3">
      <div className={cn("my-1 rounded-md px-2 py-1", costliest && "bg-danger-soft text-danger-soft-foreground ring-1 ring-danger")} data-costliest={costliest || undefined}>
        <span className="font-medium">{node.nodeType}</span>
        {node.target ? <span className="text-muted-foreground"> {node.target}</span> : null}
        {costliest ? <span className="ml-2 text-xs font-semibold uppercase">costliest</span> : null}
        <div className="text-xs text-muted-foreground">
          cost {fmt(node.startupCost)}…{fmt(node.totalCost)} (own {fmt(node.selfCost)}) · rows {fmt(node.planRows, 0)}
          {node.actualMs !== null ? ` · actual ${fmt(node.actualMs, 3)} ms (own ${fmt(node.selfMs ?? 0, 3)} ms), rows ${fmt(node.actualRows ?? 0, 0)} × ${node.loops ?? 1}` : ""}
        </div>
        {node.details.map((d) => (
          <div key={d} className="font-mono text-xs break-all text-muted-foreground">
            {d}
          </div>
        ))}
      </div>
      {node.children.length > 0 ? (
        <ul>
          {node.children.map((c) => (
            <Node key={c.id} node={c} tree={tree} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function PlanTreeView({ tree }: { tree: PlanTree }) {
  return (
    <div className="text-sm" data-testid="plan-tree">
      <p className="text-xs text-muted-foreground">
        {tree.analyzed ? `Executed (ANALYZE): planning ${fmt(tree.planningMs ?? 0, 3)} ms, execution ${fmt(tree.executionMs ?? 0, 3)} ms.` : "Estimated plan (not executed)."}
      </p>
      <ul className="-ml-4">
        <Node node={tree.root} tree={tree} />
      </ul>
    </div>
  );
}
