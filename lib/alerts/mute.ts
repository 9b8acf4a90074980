import "server-only";
import { Cron } from "croner";
import { and, eq, gt, inArray, isNull, lte, or } from "drizzle-orm";
import { getDb } from "../db/client";
import { runs, silences, type Labels, type Silence } from "../db/schema";

// What mutes an alert: a silence or maintenance window whose matchers all match its labels
// (Alertmanager semantics: evaluation goes on, incidents are recorded as suppressed, nothing
// is sent), or a running deploy of the project the rule names.

export type Matcher = { label: string; op: string; value: string };

function anchored(pattern: string): RegExp | null {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return null;
  }
}

/** Every matcher holds for `labels` (a missing label is the empty string, as in Alertmanager). */
export function matchesAll(matchers: Matcher[], labels: Labels): boolean {
  return matchers.every(({ label, op, value }) => {
    const actual = Object.hasOwn(labels, label) ? labels[label]! : "";
    if (op === "=") return actual === value;
    if (op === "!=") return actual !== value;
    const re = anchored(value);
    if (!re) return false;
    return op === "=~" ? re.test(actual) : !re.test(actual);
  });
}

/** Whether a window is open at `now`: one-off (starts ≤ now < ends), or recurring (its last start by cron ≤ now < start + duration). */
export function isActive(s: Pick<Silence, "startsAt" | "endsAt" | "cron" | "durationSeconds" | "timezone">, now: Date): boolean {
  if (s.startsAt > now) return false;
  if (s.endsAt && s.endsAt <= now) return false;
  if (!s.cron) return true;
  const last = new Cron(s.cron, { timezone: s.timezone || "UTC" }).previousRuns(1, now)[0];
  if (!last) return false;
  return now.getTime() < last.getTime() + (s.durationSeconds ?? 0) * 1000;
}

export type ActiveMute = { id: string; kind: string; name: string; matchers: Matcher[] };

/** The silences and maintenance windows open at `now`. */
export async function activeMutes(now: Date): Promise<ActiveMute[]> {
  const rows = await getDb()
    .select()
    .from(silences)
    .where(and(lte(silences.startsAt, now), or(isNull(silences.endsAt), gt(silences.endsAt, now))));
  return rows.filter((s) => isActive(s, now)).map((s) => ({ id: s.id, kind: s.kind, name: s.name, matchers: s.matchers }));
}

/** Why `labels` are muted now (a label for the incident: "silence <id>", "maintenance <name>"), or null. */
export function muteFor(mutes: ActiveMute[], labels: Labels): string | null {
  const hit = mutes.find((m) => matchesAll(m.matchers, labels));
  return hit ? `${hit.kind} ${hit.name || hit.id}` : null;
}

/** Projects (of those asked about) with a run of kind "deploy" running now. */
export async function projectsDeploying(projectIds: string[]): Promise<Set<string>> {
  if (projectIds.length === 0) return new Set();
  const rows = await getDb()
    .selectDistinct({ projectId: runs.projectId })
    .from(runs)
    .where(and(inArray(runs.projectId, projectIds), eq(runs.status, "running"), eq(runs.kind, "deploy")));
  return new Set(rows.map((r) => r.projectId));
}
