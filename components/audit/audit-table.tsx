import { Link } from "@/components/ui/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AuditEventDto } from "@/lib/audit/dto";
import { targetHref } from "@/lib/audit/links";
import { cn } from "@/lib/ui/cn";
import { Time } from "@/components/ui/time";
import { SortHead } from "@/components/ui/sort-head";
import type { SortState } from "@/lib/search-params/sort";

export function actionTone(action: string): BadgeTone {
  if (action.startsWith("authz.") || action.endsWith(".failure") || action.endsWith(".delete") || action.endsWith(".revoke")) return "danger";
  if (action.includes("cancel") || action.includes("disable") || action.endsWith(".archive") || action === "audit.prune") return "warning";
  if (action.endsWith(".create")) return "success";
  return "info";
}

type Props = { events: AuditEventDto[]; slugs: Map<string, string>; selectedSeq?: number; hrefFor: (seq: number) => string; sort?: SortState<"time">; sortHref?: () => string };

export function AuditTable({ events, slugs, selectedSeq, hrefFor, sort, sortHref }: Props) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Seq</TableHead>
          {sort && sortHref ? <SortHead label="Time" sortKey="time" sort={sort} href={sortHref} /> : <TableHead>Time</TableHead>}
          <TableHead>Actor</TableHead>
          <TableHead>Action</TableHead>
          <TableHead>Target</TableHead>
          <TableHead>Project</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {events.map((e) => {
          const target = targetHref(e, slugs);
          const projectSlug = e.projectId ? (slugs.get(e.projectId) ?? null) : null;
          return (
            <TableRow key={e.seq} className={cn(e.seq === selectedSeq && "bg-muted")} data-seq={e.seq}>
              <TableCell className="font-mono text-xs">
                <Link href={hrefFor(e.seq)} scroll={false} aria-label={`Open event ${e.seq}`} className="text-primary underline-offset-4 hover:underline">
                  {e.seq}
                </Link>
              </TableCell>
              <TableCell className="whitespace-nowrap text-xs"><Time iso={e.occurredAt} /></TableCell>
              <TableCell className="max-w-56 truncate" title={e.actorLabel ?? undefined}>
                <span className="text-xs text-muted-foreground">{e.actorType}</span> {e.actorLabel ?? e.actorId ?? "—"}
              </TableCell>
              <TableCell>
                <Badge tone={actionTone(e.action)}>{e.action}</Badge>
              </TableCell>
              <TableCell className="max-w-64 truncate">
                {e.targetType ? <span className="text-xs text-muted-foreground">{e.targetType} </span> : null}
                {target ? <Link href={target} className="underline-offset-4 hover:underline">{e.targetLabel ?? e.targetId}</Link> : (e.targetLabel ?? e.targetId ?? "—")}
              </TableCell>
              <TableCell className="max-w-40 truncate text-xs" title={e.projectId ? (projectSlug ?? e.projectId) : undefined}>
                {e.projectId ? (projectSlug ?? e.projectId.slice(0, 8)) : "—"}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
