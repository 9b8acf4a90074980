"use client";

import { FormFooter } from "./form-footer";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { createAlertRuleAction, updateAlertRuleAction } from "@/app/(console)/alerts/actions";
import { useRunAction } from "@/components/admin/run-action";
import { Select } from "@/components/admin/select";
import { Input } from "@/components/ui/input";
import { ErrorSummary, Field, FieldErrorsProvider, formErrorsOfResult, NO_ERRORS, type FormErrors } from "@/components/ui/form-field";
import { ALERT_KINDS, alertRuleCreateSchema, alertRulePatchSchema, KIND_LABELS, SEVERITIES, type AlertKind } from "@/lib/alerts/schemas";
import type { AlertRuleDto } from "@/lib/alerts/rules";
import { issuesOf, labelsFromText, labelsToText, paramFieldsFor, paramsFromForm, type ParamField } from "./rule-fields";

// Create or edit an alert rule. The kind picks the params fields (read off its zod schema);
// the whole input is checked with the same schema the action uses before it is sent, and
// the action checks again (plus what only the server knows: names taken, ids that exist).

type Option = { id: string; name: string };
export type RuleFormProps = { rule?: AlertRuleDto; projects: string[]; monitors: Option[]; channels: (Option & { kind: string })[] };

const text = (data: FormData, name: string) => String(data.get(name) ?? "").trim();
const optional = (data: FormData, name: string) => text(data, name) || undefined;

export function RuleForm({ rule, projects, monitors, channels }: RuleFormProps) {
  const run = useRunAction();
  const router = useRouter();
  const id = useId();
  const [kind, setKind] = useState<AlertKind>((rule?.kind as AlertKind) ?? "monitor_down");
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [pending, setPending] = useState(false);
  const editing = rule !== undefined;

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const common = {
      name: text(data, "name"),
      severity: text(data, "severity") as AlertRuleDto["severity"],
      labels: labelsFromText(text(data, "labels")),
      forSeconds: Number(text(data, "forSeconds") || 0),
      repeatIntervalSeconds: Number(text(data, "repeatIntervalSeconds") || 3600),
      channelIds: data.getAll("channelIds").map(String),
      enabled: data.get("enabled") === "on",
      params: paramsFromForm(kind, data),
    };
    setErrors(NO_ERRORS);
    setPending(true);
    let result: { data: unknown } | { error: string };
    if (editing) {
      const patch = { ...common, muteDuringDeploysOf: optional(data, "muteDuringDeploysOf") ?? null };
      const checked = alertRulePatchSchema.safeParse(patch);
      if (!checked.success) {
        setErrors(issuesOf(checked.error));
        setPending(false);
        return;
      }
      result = await run(() => updateAlertRuleAction({ id: rule.id, patch }), `Rule ${common.name} saved`);
    } else {
      const input = { ...common, kind, project: optional(data, "project"), monitorId: optional(data, "monitorId"), muteDuringDeploysOf: optional(data, "muteDuringDeploysOf") };
      const checked = alertRuleCreateSchema.safeParse(input);
      if (!checked.success) {
        setErrors(issuesOf(checked.error));
        setPending(false);
        return;
      }
      result = await run(() => createAlertRuleAction(input), `Rule ${common.name} created`);
    }
    setPending(false);
    if ("error" in result) setErrors(formErrorsOfResult(result));
    else if (editing) router.push("/alerts");
    else form.reset();
  }

  return (
    <form aria-label={editing ? `Edit rule ${rule.name}` : "Create an alert rule"} className="flex flex-col gap-4" onSubmit={(e) => void submit(e)} noValidate>
      <FieldErrorsProvider errors={errors}>
        <ErrorSummary title="The rule was not saved:" errors={errors} />
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
          <Field id={`${id}-name`} label="Rule name">
            <Input id={`${id}-name`} name="name" required maxLength={120} defaultValue={rule?.name} autoComplete="off" />
          </Field>
          <Field id={`${id}-kind`} label="Signal and condition">
            <Select id={`${id}-kind`} name="kind" value={kind} disabled={editing} onChange={(e) => setKind(e.target.value as AlertKind)}>
              {ALERT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </Select>
          </Field>
          <Field id={`${id}-severity`} label="Severity">
            <Select id={`${id}-severity`} name="severity" defaultValue={rule?.severity ?? "warning"}>
              {SEVERITIES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </Select>
          </Field>
          {editing ? null : (
            <>
              <Field id={`${id}-project`} label={kind === "run_missing" ? "Project" : "Project (optional)"}>
                <Select id={`${id}-project`} name="project" defaultValue="">
                  <option value="">{kind === "run_missing" ? "Choose a project" : "Any project"}</option>
                  {projects.map((slug) => (
                    <option key={slug}>{slug}</option>
                  ))}
                </Select>
              </Field>
              {kind === "monitor_down" ? (
                <Field id={`${id}-monitor`} label="Monitor">
                  <Select id={`${id}-monitor`} name="monitorId" defaultValue="">
                    <option value="">Every monitor</option>
                    {monitors.map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.name}
                      </option>
                    ))}
                  </Select>
                </Field>
              ) : null}
            </>
          )}
          <Field id={`${id}-for`} label="For (seconds the condition must hold)">
            <Input id={`${id}-for`} name="forSeconds" type="number" min={0} step={1} defaultValue={rule?.forSeconds ?? 0} />
          </Field>
          <Field id={`${id}-repeat`} label="Repeat every (seconds, until acknowledged)">
            <Input id={`${id}-repeat`} name="repeatIntervalSeconds" type="number" min={60} step={1} defaultValue={rule?.repeatIntervalSeconds ?? 3600} />
          </Field>
          <Field id={`${id}-deploys`} label="Mute while deploying (project)">
            <Select id={`${id}-deploys`} name="muteDuringDeploysOf" defaultValue={rule?.muteDuringDeploysOf ?? ""}>
              <option value="">Never</option>
              {projects.map((slug) => (
                <option key={slug}>{slug}</option>
              ))}
            </Select>
          </Field>
          <Field id={`${id}-labels`} label="Labels (name=value, comma separated)">
            <Input id={`${id}-labels`} name="labels" defaultValue={rule ? labelsToText(rule.labels) : ""} placeholder="team=payments" autoComplete="off" />
          </Field>
        </div>
        <ParamFields key={kind} id={id} fields={paramFieldsFor(kind)} values={rule?.params ?? {}} />
        <fieldset className="flex flex-wrap gap-x-4 gap-y-2">
          <legend className="mb-1 text-sm font-medium">Channels to notify</legend>
          {channels.length === 0 ? <p className="text-sm text-muted-foreground">No channels yet: an admin adds them below. Incidents are still recorded.</p> : null}
          {channels.map((c) => (
            <label key={c.id} className="flex items-center gap-1.5 text-sm">
              <input type="checkbox" name="channelIds" value={c.id} defaultChecked={rule?.channelIds.includes(c.id)} className="size-4 accent-primary" />
              {c.name} <span className="text-xs text-muted-foreground">({c.kind})</span>
            </label>
          ))}
        </fieldset>
        <FormFooter enabled={rule?.enabled ?? true} pending={pending} editing={editing} noun="rule" />
      </FieldErrorsProvider>
    </form>
  );
}

function ParamFields({ id, fields, values }: { id: string; fields: ParamField[]; values: Record<string, unknown> }) {
  if (fields.length === 0) return null;
  return (
    <fieldset className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
      <legend className="mb-1 text-sm font-medium">Condition</legend>
      {fields.map((f) => {
        const fieldId = `${id}-param-${f.key}`;
        const value = values[f.key] ?? f.defaultValue;
        if (f.kind === "boolean") {
          return (
            <label key={f.key} className="flex items-center gap-2 self-end text-sm sm:col-span-2 lg:col-span-3">
              <input type="checkbox" id={fieldId} name={`params.${f.key}`} defaultChecked={value === true} className="size-4 accent-primary" />
              {f.label}
            </label>
          );
        }
        const label = f.required ? f.label : `${f.label}${f.defaultValue === undefined ? " (optional)" : ""}`;
        return (
          <Field key={f.key} id={fieldId} label={label}>
            {f.kind === "choice" ? (
              <Select id={fieldId} name={`params.${f.key}`} defaultValue={String(value ?? "")}>
                {f.required || f.defaultValue !== undefined ? null : <option value="">—</option>}
                {f.options.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </Select>
            ) : (
              <Input
                id={fieldId}
                name={`params.${f.key}`}
                type={f.kind === "number" ? "number" : "text"}
                min={f.kind === "number" ? f.min : undefined}
                max={f.kind === "number" ? f.max : undefined}
                step={f.kind === "number" ? (f.integer ? 1 : "any") : undefined}
                defaultValue={value === undefined ? "" : String(value)}
                autoComplete="off"
              />
            )}
          </Field>
        );
      })}
    </fieldset>
  );
}
