import { z } from "zod";
import { AUDIT_ACTIONS, type AuditAction } from "./actions";

// The audit trail's filters, once: the /audit page reads them from its URL, GET
// /api/v1/audit from its query string, and the page's Export link passes them on unchanged.

export const ACTOR_TYPES = ["user", "api_key", "system", "anonymous"] as const;

/** "run" → every run.* action: the groups the action filter offers. */
export const ACTION_GROUPS: Record<string, AuditAction[]> = AUDIT_ACTIONS.reduce<Record<string, AuditAction[]>>((groups, action) => {
  (groups[action.split(".")[0]!] ??= []).push(action);
  return groups;
}, {});

const isAction = (v: string): v is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(v);

/** `action=run.cancel,project.*`: exact actions and whole groups (`run.*` or `run`), comma-separated. */
const actionList = z
  .string()
  .trim()
  .max(1000)
  .transform((value, ctx) => {
    const out = new Set<AuditAction>();
    for (const item of value.split(",").map((s) => s.trim()).filter(Boolean)) {
      // Own keys only: `__proto__`, `constructor` and `toString` are not groups.
      const name = item.replace(/\.\*$/, "");
      const group = Object.hasOwn(ACTION_GROUPS, name) ? ACTION_GROUPS[name] : undefined;
      if (isAction(item)) out.add(item);
      else if (group && (item.endsWith(".*") || !item.includes("."))) group.forEach((a) => out.add(a));
      else ctx.addIssue({ code: "custom", message: `unknown action or group: ${item.slice(0, 60)}` });
    }
    return [...out];
  });

const text = (max: number) => z.string().trim().min(1).max(max);

export const auditFilterSchema = z.object({
  actor: text(200).optional().describe("The actor's id, or part of its label (an email, a key's name)"),
  actorType: z.enum(ACTOR_TYPES).optional().describe("user, api_key, system or anonymous"),
  action: actionList.optional().describe("Comma-separated actions (run.cancel) or groups (run.*)"),
  targetType: text(64).optional().describe("The target's type: run, project, user, api_key, resource…"),
  targetId: text(200).optional().describe("The target's id"),
  project: z.uuid({ message: "must be a project id (UUID)" }).optional().describe("The project's id"),
  since: z.iso.datetime({ offset: true }).optional().describe("Events at or after this time"),
  until: z.iso.datetime({ offset: true }).optional().describe("Events before this time"),
  q: text(200).optional().describe("Part of the actor's or target's label"),
});

export type AuditFilter = z.output<typeof auditFilterSchema>;
export type AuditFilterKey = keyof typeof auditFilterSchema.shape;

/** The filter, or why it is refused (`field: message`), from parameters as the URL gave them (null: not given). */
export function checkAuditFilter(params: Partial<Record<AuditFilterKey, string | null>>): { filter: AuditFilter | null; errors: string[] } {
  const given = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== null));
  const parsed = auditFilterSchema.safeParse(given);
  return parsed.success ? { filter: parsed.data, errors: [] } : { filter: null, errors: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
}
