import type { AuditEventDto } from "./dto";

// Where an event points in the console: its target's page and the views of its request.

/** The target's page, or null when the console has none (or the run's project is unknown). */
export function targetHref(event: Pick<AuditEventDto, "targetType" | "targetId" | "targetLabel" | "projectId">, projectSlugs: Map<string, string>): string | null {
  const id = event.targetId;
  if (!id) return null;
  const slug = event.projectId ? projectSlugs.get(event.projectId) : undefined;
  switch (event.targetType) {
    case "run":
      return slug ? `/projects/${encodeURIComponent(slug)}/runs/${encodeURIComponent(id)}` : null;
    case "project":
      return slug ? `/projects/${encodeURIComponent(slug)}` : null;
    case "user":
      return `/admin/users?user=${encodeURIComponent(id)}`;
    case "api_key":
      return `/admin/api-keys?key=${encodeURIComponent(id)}`;
    default:
      return null;
  }
}

export function actorHref(event: Pick<AuditEventDto, "actorType" | "actorId">): string | null {
  if (!event.actorId) return null;
  if (event.actorType === "user") return `/admin/users?user=${encodeURIComponent(event.actorId)}`;
  if (event.actorType === "api_key") return `/admin/api-keys?key=${encodeURIComponent(event.actorId)}`;
  return null;
}

/** The request's metrics and slow queries, by request id. */
export function requestHrefs(requestId: string | null): { metrics: string; queries: string } | null {
  if (!requestId) return null;
  const q = `requestId=${encodeURIComponent(requestId)}`;
  return { metrics: `/metrics?${q}`, queries: `/queries?${q}` };
}

/** The /audit URL for a target's history. */
export function auditHistoryHref(targetType: string, targetId: string): string {
  return `/audit?${new URLSearchParams({ targetType, targetId }).toString()}`;
}
