import { getConfig } from "../config";
import type { Incident } from "../db/schema";

// One message, whatever the channel: what happened to which incident, with links back into
// the console. Stored as the outbox row's payload (it holds no secret) and rendered per
// channel kind at send time (lib/channels/adapters).

export type NotificationEvent = "firing" | "repeat" | "acknowledged" | "resolved" | "test" | "summary";

export type Message = {
  event: NotificationEvent;
  incident: {
    id: string;
    title: string;
    summary: string;
    severity: string;
    status: string;
    labels: Record<string, string>;
    dedupKey: string;
    startedAt: string;
    resolvedAt: string | null;
    url: string;
  } | null;
  /** A one-line text for channels that only take text. */
  text: string;
  /** For a summary: the messages the channel's rate limit folded into this one. */
  folded?: { event: NotificationEvent; title: string; url: string | null }[];
  at: string;
};

/** The console's public address, for links in messages. */
export function consoleUrl(path = "/"): string {
  const config = getConfig();
  return new URL(path, config.NEXTAUTH_URL ?? `http://localhost:${config.PORT}`).toString();
}

const VERBS: Record<NotificationEvent, string> = {
  firing: "Firing",
  repeat: "Still firing",
  acknowledged: "Acknowledged",
  resolved: "Resolved",
  test: "Test",
  summary: "Summary",
};

export function incidentMessage(incident: Incident, event: NotificationEvent, at = new Date()): Message {
  const url = consoleUrl(`/incidents/${incident.id}`);
  return {
    event,
    incident: {
      id: incident.id,
      title: incident.title,
      summary: incident.summary,
      severity: incident.severity,
      status: incident.status,
      labels: incident.labels,
      dedupKey: incident.dedupKey,
      startedAt: incident.startedAt.toISOString(),
      resolvedAt: incident.resolvedAt?.toISOString() ?? null,
      url,
    },
    text: `[${VERBS[event]}] ${incident.severity.toUpperCase()}: ${incident.title} — ${url}`,
    at: at.toISOString(),
  };
}

export function testMessage(channelName: string, at = new Date()): Message {
  return { event: "test", incident: null, text: `[Test] Opsdeck can reach the channel ${channelName} — ${consoleUrl("/alerts")}`, at: at.toISOString() };
}

export function summaryMessage(folded: NonNullable<Message["folded"]>, at = new Date()): Message {
  return {
    event: "summary",
    incident: null,
    folded,
    text: `[Summary] ${folded.length} more notification${folded.length === 1 ? " was" : "s were"} held back by this channel's rate limit: ${folded
      .slice(0, 10)
      .map((f) => `${VERBS[f.event]} ${f.title}`)
      .join("; ")}${folded.length > 10 ? "; …" : ""} — ${consoleUrl("/incidents")}`,
    at: at.toISOString(),
  };
}
