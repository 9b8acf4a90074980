import type { AuditAction } from "./actions";

// Which audit actions each mutation writes, in one place: every server action (by its
// defineAction name) and every mutating route handler (METHOD + route file path).
// tests/audit-coverage.test.ts walks the action registry and the route files and fails
// when one is missing here, and checks each listed action is written somewhere in lib/.
// A mutation that deliberately writes no event says why, as `{ exempt }`.

export type AuditCoverage = readonly AuditAction[] | { exempt: string };

export const ROUTE_AUDIT: Record<string, AuditCoverage> = {
  "POST /api/auth/[...nextauth]": ["auth.signin.success", "auth.signin.failure", "auth.signout"],
  "POST /api/v1/projects": ["project.create"],
  "PATCH /api/v1/projects/[slug]": ["project.update", "project.archive", "project.unarchive"],
  "POST /api/v1/projects/[slug]/runs": ["run.create"],
  "POST /api/v1/projects/[slug]/runs/batch": ["run.batch_create"],
  "PATCH /api/v1/runs/[id]": ["run.update", "run.cancel"],
  "POST /api/v1/runs/[id]/logs": { exempt: "log lines are a run's output, not a change to it (lib/runs/logs.ts)" },
  "POST /api/v1/monitors": ["monitor.create"],
  "PATCH /api/v1/monitors/[id]": ["monitor.update"],
  "DELETE /api/v1/monitors/[id]": ["monitor.delete"],
  "POST /api/v1/status-pages": ["status_page.create"],
  "PATCH /api/v1/status-pages/[id]": ["status_page.update"],
  "DELETE /api/v1/status-pages/[id]": ["status_page.delete"],
  "POST /api/v1/status-pages/[id]/updates": ["status_page.post_update"],
  "POST /api/v1/heartbeats/[token]": { exempt: "a heartbeat ping is a check-in, like a probe result, not a change by a person (lib/monitors/heartbeat.ts)" },
  "POST /api/v1/heartbeats/[token]/fail": { exempt: "a failure report is a check-in, like a probe result, not a change by a person (lib/monitors/heartbeat.ts)" },
  "POST /api/v1/alert-rules": ["alert_rule.create"],
  "PATCH /api/v1/alert-rules/[id]": ["alert_rule.update"],
  "DELETE /api/v1/alert-rules/[id]": ["alert_rule.delete"],
  "POST /api/v1/channels": ["channel.create"],
  "POST /api/v1/channels/[id]/test": ["channel.test"],
  "POST /api/v1/incidents/[id]/acknowledge": ["incident.acknowledge"],
  "POST /api/v1/incidents/[id]/resolve": ["incident.resolve"],
  "POST /api/v1/silences": ["silence.create"],
  "DELETE /api/v1/silences/[id]": ["silence.delete"],
};

export const ACTION_AUDIT: Record<string, AuditCoverage> = {
  "audit.verify": { exempt: "reads the chain; the only write is the anchor file outside the database" },
  "users.create": ["user.create"],
  "users.set_role": ["user.role_change"],
  "users.set_disabled": ["user.disable", "user.enable"],
  "users.reset_password": ["user.password_reset"],
  "api_keys.create": ["api_key.create"],
  "api_keys.revoke": ["api_key.revoke"],
  "system.reset_rate_limit": ["ratelimit.reset"],
  "system.flush_cache": ["cache.flush"],
  "run.cancel": ["run.cancel", "run.cancel_request"],
  "run.retry": ["run.retry"],
  "project.archive": ["project.archive", "project.unarchive"],
  "monitor.create": ["monitor.create"],
  "monitor.update": ["monitor.update"],
  "monitor.delete": ["monitor.delete"],
  "monitor.set_enabled": ["monitor.update"],
  "monitor.rotate_token": ["monitor.rotate_token"],
  "status_pages.create": ["status_page.create"],
  "status_pages.update": ["status_page.update"],
  "status_pages.delete": ["status_page.delete"],
  "status_pages.post_update": ["status_page.post_update"],
  "queries.explain": ["query.explain"],
  "queries.reset_stats": ["query_stats.reset"],
  "alert_rules.create": ["alert_rule.create"],
  "alert_rules.update": ["alert_rule.update"],
  "alert_rules.delete": ["alert_rule.delete"],
  "channels.create": ["channel.create"],
  "channels.update": ["channel.update"],
  "channels.delete": ["channel.delete"],
  "channels.test": ["channel.test"],
  "silences.create": ["silence.create"],
  "silences.delete": ["silence.delete"],
  "palette.search": { exempt: "the command palette's search reads projects and runs; it changes nothing (lib/search/palette.ts)" },
  "incident.acknowledge": ["incident.acknowledge"],
  "incident.resolve": ["incident.resolve"],
  "incident.snooze": ["incident.snooze"],
  "incident.note": ["incident.note"],
};
