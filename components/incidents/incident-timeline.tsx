import type { ReactNode } from "react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { IncidentDetail } from "@/lib/incidents/queries";
import { Time } from "@/components/ui/time";

type Event = IncidentDetail["timeline"][number];

const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : null);

/** One line per timeline event: what happened, and the detail that matters for it. */
function describe(e: Event): { label: string; note: ReactNode; tone: "danger" | "warning" | "success" | "muted" } {
  const d = e.detail;
  switch (e.kind) {
    case "pending":
      return { label: "Pending", note: `condition holds; fires after ${str(d.forSeconds) ?? "?"} s`, tone: "warning" };
    case "fired":
      return { label: "Fired", note: str(d.summary), tone: "danger" };
    case "suppressed":
      return { label: "Fired, suppressed", note: `muted by ${str(d.by) ?? "a silence"}: nothing was sent`, tone: "muted" };
    case "unsuppressed":
      return { label: "Mute ended", note: "the firing message went out", tone: "danger" };
    case "repeat":
      return { label: "Still firing", note: "repeat notification", tone: "danger" };
    case "notification_queued":
      return { label: "Notification queued", note: `${str(d.event) ?? ""} to ${str(d.channels) ?? "?"} channel(s)`, tone: "muted" };
    case "delivered":
      return { label: `Delivered to ${str(d.channel) ?? "a channel"}`, note: `${str(d.event) ?? ""} · attempt ${str(d.attempt) ?? "?"} · HTTP ${str(d.statusCode) ?? "–"} in ${str(d.latencyMs) ?? "?"} ms`, tone: "success" };
    case "delivery_failed":
      return { label: `Delivery to ${str(d.channel) ?? "a channel"} failed`, note: `${str(d.event) ?? ""} · attempt ${str(d.attempt) ?? "?"} · ${str(d.outcome) ?? "error"}${d.statusCode ? ` (HTTP ${str(d.statusCode)})` : ""}; retried with backoff`, tone: "warning" };
    case "delivery_dead":
      return { label: `Delivery to ${str(d.channel) ?? "a channel"} gave up`, note: `${str(d.event) ?? ""} · after ${str(d.attempt) ?? "?"} attempts · ${str(d.outcome) ?? "error"}`, tone: "danger" };
    case "acknowledged":
      return { label: `Acknowledged by ${e.actor ?? "someone"}`, note: "repeats stop", tone: "warning" };
    case "snoozed":
      return { label: `Snoozed by ${e.actor ?? "someone"}`, note: d.until ? <>no repeats until <Time iso={String(d.until)} mode="exact" /></> : null, tone: "muted" };
    case "note":
      return { label: `Note by ${e.actor ?? "someone"}`, note: str(d.note), tone: "muted" };
    case "resolved":
      return { label: `Resolved by ${e.actor ?? "the evaluator"}`, note: null, tone: "success" };
    default:
      return { label: e.kind, note: null, tone: "muted" };
  }
}

const DOT = { danger: "bg-danger", warning: "bg-warning", success: "bg-success", muted: "bg-muted-foreground" } as const;

export function IncidentTimeline({ timeline }: { timeline: Event[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Timeline</CardTitle>
      </CardHeader>
      <CardContent>
        {timeline.length === 0 ? (
          <p className="text-sm text-muted-foreground">Nothing recorded yet.</p>
        ) : (
          <ol className="flex flex-col gap-3 border-l pl-4" data-testid="incident-timeline">
            {timeline.map((e, i) => {
              const { label, note, tone } = describe(e);
              return (
                <li key={`${e.at}-${i}`} className="relative wrap-anywhere">
                  <span aria-hidden className={`absolute top-1.5 -left-[1.32rem] size-2.5 rounded-full ${DOT[tone]}`} />
                  <p className="text-sm font-medium">{label}</p>
                  <p className="text-sm text-muted-foreground">
                    <Time iso={e.at} mode="exact" />
                    {note ? <span className={e.kind === "note" ? "block whitespace-pre-wrap text-foreground" : undefined}>{e.kind === "note" ? note : <> · {note}</>}</span> : null}
                  </p>
                </li>
              );
            })}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}
