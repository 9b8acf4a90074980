"use client";

import { useId, useState, type FormEvent } from "react";
import { createSilenceAction } from "@/app/(console)/alerts/actions";
import { useRunAction } from "@/components/admin/run-action";
import { Select } from "@/components/admin/select";
import { Button } from "@/components/ui/button";
import { Input, UtcDateTimeInput } from "@/components/ui/input";
import { parseUtcDate } from "@/lib/ui/format";
import { ErrorSummary, Field, FieldErrorsProvider, formErrorsOfResult, NO_ERRORS, type FormErrors } from "@/components/ui/form-field";
import { silenceCreateSchema } from "@/lib/alerts/schemas";
import { issuesOf } from "./rule-fields";

// A silence (one-off) or a maintenance window (one-off, or recurring by cron): matchers on
// the labels incidents carry (monitor, project, route, fingerprint, severity, the rule's own).
// While active, matching incidents are recorded as suppressed and nothing is sent.

const MATCHER_ROWS = 3;
const OPS = ["=", "!=", "=~", "!~"] as const;

export function SilenceForm() {
  const run = useRunAction();
  const id = useId();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [pending, setPending] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const get = (name: string) => String(data.get(name) ?? "").trim();
    const matchers = Array.from({ length: MATCHER_ROWS }, (_, i) => ({ label: get(`m${i}.label`), op: get(`m${i}.op`) as (typeof OPS)[number], value: get(`m${i}.value`) })).filter((m) => m.label);
    const minutes = Number(get("minutes") || 0);
    const start = get("startsAt") ? parseUtcDate(get("startsAt")) : null;
    const cron = get("cron") || undefined;
    const input = {
      kind: get("kind") as "silence" | "maintenance",
      name: get("name"),
      matchers,
      startsAt: start?.toISOString(),
      endsAt: cron ? undefined : new Date((start?.getTime() ?? Date.now()) + minutes * 60_000).toISOString(),
      cron,
      durationSeconds: cron ? minutes * 60 : undefined,
      timezone: get("timezone") || "UTC",
      comment: get("comment"),
    };
    const checked = silenceCreateSchema.safeParse(input);
    if (!checked.success) return setErrors(issuesOf(checked.error));
    setErrors(NO_ERRORS);
    setPending(true);
    const result = await run(() => createSilenceAction(input), input.kind === "maintenance" ? "Maintenance window created" : "Silence created");
    setPending(false);
    if ("error" in result) setErrors(formErrorsOfResult(result));
    else form.reset();
  }

  return (
    <form aria-label="Create a silence or maintenance window" className="flex flex-col gap-4" onSubmit={(e) => void submit(e)} noValidate>
      <FieldErrorsProvider errors={errors}>
        <ErrorSummary title="Not saved:" errors={errors} />
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
          <Field id={`${id}-kind`} label="Kind">
            <Select id={`${id}-kind`} name="kind" defaultValue="silence">
              <option value="silence">Silence</option>
              <option value="maintenance">Maintenance window</option>
            </Select>
          </Field>
          <Field id={`${id}-name`} label="Name (optional)">
            <Input id={`${id}-name`} name="name" maxLength={120} autoComplete="off" />
          </Field>
          <Field id={`${id}-starts`} label="Starts (UTC; empty: now)">
            <UtcDateTimeInput id={`${id}-starts`} name="startsAt" />
          </Field>
          <Field id={`${id}-minutes`} label="Lasts (minutes)">
            <Input id={`${id}-minutes`} name="minutes" type="number" min={1} defaultValue={60} />
          </Field>
          <Field id={`${id}-cron`} label="Recurs on cron (optional, e.g. 0 2 * * 0)">
            <Input id={`${id}-cron`} name="cron" autoComplete="off" />
          </Field>
          <Field id={`${id}-tz`} label="Time zone of the cron">
            <Input id={`${id}-tz`} name="timezone" defaultValue="UTC" autoComplete="off" />
          </Field>
        </div>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">Matchers (all must match the incident&apos;s labels)</legend>
          {Array.from({ length: MATCHER_ROWS }, (_, i) => (
            // label, operator and value stay on one line, also on a phone: [label][=~][value].
            <div key={i} className="grid max-w-xl grid-cols-[minmax(0,2fr)_auto_minmax(0,3fr)] items-center gap-2">
              <Input aria-label={`Matcher ${i + 1} label`} name={`m${i}.label`} placeholder={i === 0 ? "monitor" : "label"} autoComplete="off" />
              <Select aria-label={`Matcher ${i + 1} operator`} name={`m${i}.op`} defaultValue="=">
                {OPS.map((op) => (
                  <option key={op}>{op}</option>
                ))}
              </Select>
              <Input aria-label={`Matcher ${i + 1} value`} name={`m${i}.value`} placeholder={i === 0 ? "checkout API" : "value"} autoComplete="off" />
            </div>
          ))}
        </fieldset>
        <Field id={`${id}-comment`} label="Comment (optional)">
          <Input id={`${id}-comment`} name="comment" maxLength={500} autoComplete="off" />
        </Field>
        <div>
          <Button type="submit" disabled={pending} aria-busy={pending}>
            {pending ? "Saving…" : "Create silence"}
          </Button>
        </div>
      </FieldErrorsProvider>
    </form>
  );
}
