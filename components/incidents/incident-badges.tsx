import { Badge, type BadgeTone } from "@/components/ui/badge";

const STATUS_TONE: Record<string, BadgeTone> = { open: "danger", acknowledged: "warning", resolved: "success" };
const SEVERITY_TONE: Record<string, BadgeTone> = { critical: "danger", warning: "warning", info: "info" };

/** open red, acknowledged amber, resolved green. */
export function IncidentStatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONE[status] ?? "neutral"}>{status}</Badge>;
}

export function SeverityBadge({ severity }: { severity: string }) {
  return <Badge tone={SEVERITY_TONE[severity] ?? "outline"}>{severity}</Badge>;
}

/** Recorded while a silence, maintenance window or running deploy muted it: nothing was sent. */
export function SuppressedBadge({ by }: { by: string | null }) {
  return by ? (
    <Badge tone="outline" title={`Muted by ${by}: nothing was sent`}>
      suppressed · {by}
    </Badge>
  ) : null;
}
