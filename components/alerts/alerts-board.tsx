import { Link } from "@/components/ui/link";
import type { AlertsSearch } from "@/app/(console)/alerts/search-params";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonClasses } from "@/components/ui/button";
import { PanelSkeleton } from "@/components/ui/skeleton";
import { listAlertRules } from "@/lib/alerts/rules";
import { listSilences } from "@/lib/alerts/silences";
import { hasRole, hasScope, type AccessContext } from "@/lib/auth/principal";
import { listChannels } from "@/lib/channels/store";
import { listMonitors } from "@/lib/monitors/mutations";
import { listProjects } from "@/lib/projects/queries";
import { ChannelForm } from "./channel-form";
import { ChannelList } from "./channel-list";
import { RuleForm } from "./rule-form";
import { RuleList } from "./rule-list";
import { SilenceForm } from "./silence-form";
import { SilenceList } from "./silence-list";

const RULES_SHOWN = 200;

/** /alerts' data part: rules (with the create or edit form), channels, silences and windows. */
export async function AlertsBoard({ access, params }: { access: AccessContext; params: AlertsSearch }) {
  const canWrite = hasScope(access.principal, "alerts:write");
  const isAdmin = hasRole(access.principal, "admin");
  const [rules, channels, silences, monitors, projects] = await Promise.all([
    listAlertRules(access, { limit: RULES_SHOWN }),
    listChannels(access),
    listSilences(access),
    listMonitors(access, { limit: 200 }),
    listProjects(access, { status: "active" }, { limit: 200 }),
  ]);
  const firing = rules.data.filter((r) => r.enabled && r.firing > 0);
  const editing = params.edit ? rules.data.find((r) => r.id === params.edit) : undefined;
  const editingChannel = params.channel && isAdmin ? channels.find((c) => c.id === params.channel) : undefined;
  const formProps = {
    projects: projects.data.map((p) => p.slug),
    monitors: monitors.data.map((m) => ({ id: m.id, name: m.name })),
    channels: channels.map((c) => ({ id: c.id, name: c.name, kind: c.kind })),
  };
  // Editing puts the form first (the reader asked for it); creating comes after the rules, so
  // the page opens on what exists.
  const ruleForm = canWrite ? (
    <Card>
      <CardHeader>
        <CardTitle>{editing ? `Edit rule ${editing.name}` : "Create a rule"}</CardTitle>
        <CardDescription>When the condition holds for “for”, an incident opens and the channels get one message, repeated until someone acknowledges.</CardDescription>
      </CardHeader>
      <CardContent>
        {params.edit && !editing ? (
          <EmptyState title="That rule no longer exists" action={<Link href="/alerts" className={buttonClasses({ variant: "outline" })}>Back to the rules</Link>} />
        ) : (
          <RuleForm key={editing?.id ?? "new"} rule={editing} {...formProps} />
        )}
      </CardContent>
    </Card>
  ) : null;
  return (
    <div className="flex flex-col gap-6">
      <p className="text-sm font-medium">
        {rules.data.length === 0 ? "No alert rules yet." : firing.length === 0 ? `All ${rules.data.length} rules are quiet.` : `${firing.length} rule${firing.length === 1 ? " is" : "s are"} firing: ${firing.map((r) => r.name).join(", ")}.`}{" "}
        <Link href="/incidents?status=active" className="font-normal text-muted-foreground underline underline-offset-4">
          Open incidents
        </Link>
      </p>
      {params.edit ? ruleForm : null}
      <Card>
        <CardHeader>
          <CardTitle>Rules</CardTitle>
          {rules.nextCursor ? <CardDescription>The first {RULES_SHOWN} rules, oldest first.</CardDescription> : null}
        </CardHeader>
        <CardContent>
          <RuleList rules={rules.data} canWrite={canWrite} channels={new Map(channels.map((c) => [c.id, c.name]))} monitors={new Map(monitors.data.map((m) => [m.id, m.name]))} />
        </CardContent>
      </Card>
      {params.edit ? null : ruleForm}
      <Card>
        <CardHeader>
          <CardTitle>Channels</CardTitle>
          <CardDescription>Where incidents are told. Secrets are stored encrypted and never shown again. {isAdmin ? "" : "Admins create and change channels."}</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-6">
          <ChannelList channels={channels} canTest={canWrite} isAdmin={isAdmin} />
          {isAdmin ? (
            <section aria-labelledby="channel-form-title" className="flex flex-col gap-3">
              <h3 id="channel-form-title" className="text-sm font-semibold">
                {editingChannel ? `Edit channel ${editingChannel.name}` : "Create a channel"}
              </h3>
              <ChannelForm key={editingChannel?.id ?? "new"} channel={editingChannel} />
            </section>
          ) : null}
        </CardContent>
      </Card>
      <Card id="silences">
        <CardHeader>
          <CardTitle>Silences and maintenance windows</CardTitle>
          <CardDescription>While one is active, matching incidents are recorded as suppressed and nothing is sent; evaluation goes on.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-6">
          <SilenceList silences={silences} canWrite={canWrite} />
          {canWrite ? (
            <section aria-labelledby="silence-form-title" className="flex flex-col gap-3">
              <h3 id="silence-form-title" className="text-sm font-semibold">
                Create a silence or maintenance window
              </h3>
              <SilenceForm />
            </section>
          ) : null}
        </CardContent>
      </Card>
    </div>
  );
}

export function AlertsBoardSkeleton() {
  return <PanelSkeleton label="Loading rules, channels and silences…" className="h-96" />;
}
