import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { RunDto } from "@/lib/runs/dto";
import { formatRunDuration } from "@/lib/ui/run-format";
import { Time } from "@/components/ui/time";

type Step = { label: string; at: string | null; note?: string };

const between = (a: string | null, b: string | null) => (a && b ? new Date(b).getTime() - new Date(a).getTime() : null);

/** created → started → (cancel requested) → finished, with the wait and the run time between them. */
export function RunTimeline({ run }: { run: RunDto }) {
  const waited = between(run.createdAt, run.startedAt);
  const steps: Step[] = [
    { label: "Created", at: run.createdAt },
    { label: "Started", at: run.startedAt, note: waited !== null ? `after ${formatRunDuration(waited)} in the queue` : run.status === "queued" ? "waiting in the queue" : undefined },
  ];
  if (run.cancelRequestedAt) steps.push({ label: "Cancel requested", at: run.cancelRequestedAt, note: run.status === "running" ? "waiting for the executor to stop" : undefined });
  steps.push({
    label: run.status === "cancelled" ? "Cancelled" : run.status === "failed" ? "Failed" : run.status === "succeeded" ? "Succeeded" : "Finished",
    at: run.finishedAt,
    note: run.durationMs !== null ? `ran for ${formatRunDuration(run.durationMs)}` : run.status === "running" ? "still running" : undefined,
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Timeline</CardTitle>
      </CardHeader>
      <CardContent>
        <ol className="flex flex-col gap-3 border-l pl-4">
          {steps.map((s) => (
            <li key={s.label} className="relative">
              <span aria-hidden className={`absolute top-1.5 -left-[1.32rem] size-2.5 rounded-full ${s.at ? "bg-primary" : "border bg-background"}`} />
              <p className="text-sm font-medium">{s.label}</p>
              <p className="text-sm text-muted-foreground">
                {s.at ? <Time iso={s.at} mode="exact" /> : "not yet"}
                {s.note ? <span> · {s.note}</span> : null}
              </p>
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}
