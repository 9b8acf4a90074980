import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { SilenceDto } from "@/lib/alerts/silences";
import { Time } from "@/components/ui/time";
import { matcherText } from "./active-mutes";
import { ExpireSilenceButton } from "./silence-buttons";

export function SilenceList({ silences, canWrite }: { silences: SilenceDto[]; canWrite: boolean }) {
  if (silences.length === 0) return <EmptyState title="No silences or maintenance windows" description="Nothing is muted: every matching incident notifies its channels." />;
  return (
    <Table scrollLabel="Silences and maintenance windows">
      <TableHeader>
        <TableRow>
          <TableHead>What</TableHead>
          <TableHead>Matchers</TableHead>
          <TableHead>When</TableHead>
          <TableHead>By</TableHead>
          {canWrite ? <TableHead>Actions</TableHead> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {silences.map((s) => (
          <TableRow key={s.id} data-testid="silence-row">
            <TableCell>
              <p className="font-medium">{s.name || (s.kind === "maintenance" ? "Maintenance window" : "Silence")}</p>
              <span className="flex gap-1">
                <Badge tone="outline">{s.kind}</Badge>
                {s.active ? <Badge tone="warning">muting now</Badge> : <Badge tone="neutral">scheduled</Badge>}
              </span>
              {s.comment ? <p className="text-xs text-muted-foreground">{s.comment}</p> : null}
            </TableCell>
            <TableCell className="font-mono text-xs">{matcherText(s)}</TableCell>
            <TableCell className="text-sm">
              {s.cron ? (
                <>
                  <p>
                    <code className="font-mono text-xs">{s.cron}</code> ({s.timezone}) for {Math.round((s.durationSeconds ?? 0) / 60)} min
                  </p>
                  {s.nextStart ? <p className="text-xs text-muted-foreground">next <Time iso={s.nextStart} /></p> : null}
                </>
              ) : (
                <p>
                  <Time iso={s.startsAt} mode="exact" /> – {s.endsAt ? <Time iso={s.endsAt} mode="exact" /> : "…"}
                </p>
              )}
            </TableCell>
            <TableCell className="text-sm">{s.createdBy ?? "—"}</TableCell>
            {canWrite ? (
              <TableCell>
                <ExpireSilenceButton id={s.id} name={s.name || s.kind} />
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
