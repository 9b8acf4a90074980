"use client";

import { useState } from "react";
import { postStatusUpdateAction } from "@/app/(console)/admin/status-pages/actions";
import { useRunAction } from "@/components/admin/run-action";
import { Select } from "@/components/admin/select";
import { Button } from "@/components/ui/button";
import { ErrorSummary, Field, FieldErrorsProvider, formErrorsOfResult, NO_ERRORS, type FormErrors } from "@/components/ui/form-field";
import { Input, Label, UtcDateTimeInput } from "@/components/ui/input";
import { parseUtcDate } from "@/lib/ui/format";
import type { OpenStatusIncident } from "@/lib/status-pages/updates";

const INCIDENT = ["investigating", "identified", "monitoring", "resolved"] as const;
const MAINTENANCE = ["scheduled", "in_progress", "completed"] as const;
type Status = (typeof INCIDENT)[number] | (typeof MAINTENANCE)[number];

/** Opens an incident or a maintenance on the page, or moves an open one; readers and subscribers see it. */
export function StatusUpdateForm({ pageId, open }: { pageId: string; open: OpenStatusIncident[] }) {
  const run = useRunAction();
  const [target, setTarget] = useState<string>("new-incident");
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const existing = open.find((o) => o.id === target);
  const kind = existing ? existing.kind : target === "new-maintenance" ? "maintenance" : "incident";
  const statuses = kind === "maintenance" ? MAINTENANCE : INCIDENT;
  const id = (n: string) => `su-${pageId}-${n}`;

  async function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? "").trim();
    const iso = (k: string) => (text(k) ? parseUtcDate(text(k))?.toISOString() : undefined);
    const update = existing
      ? { statusIncidentId: existing.id, status: text("status") as Status, message: text("message") }
      : { kind: kind as "incident" | "maintenance", title: text("title"), impact: (text("impact") || "minor") as "none" | "minor" | "major", status: text("status") as Status, message: text("message"), startsAt: iso("startsAt"), endsAt: iso("endsAt") };
    setPending(true);
    const result = await run(() => postStatusUpdateAction({ id: pageId, update }), (r) => `Update posted${r.notified ? `, mailed to ${r.notified}` : ""}`);
    setPending(false);
    setErrors("error" in result ? formErrorsOfResult(result, "update") : NO_ERRORS);
    if ("data" in result) form.reset();
  }

  return (
    <form
      className="grid grid-cols-1 gap-3 md:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(e.currentTarget);
      }}
    >
      <FieldErrorsProvider errors={errors}>
      <div className="flex min-w-0 flex-col gap-1">
        <Label htmlFor={id("target")}>About</Label>
        <Select
          id={id("target")}
          value={target}
          onChange={(e) => {
            setTarget(e.target.value);
            setErrors(NO_ERRORS);
          }}
        >
          <option value="new-incident">A new incident</option>
          <option value="new-maintenance">A new maintenance</option>
          {open.map((o) => (
            <option key={o.id} value={o.id}>
              {o.title} ({o.status.replace("_", " ")})
            </option>
          ))}
        </Select>
      </div>
      <Field id={id("status")} label="Status">
        <Select id={id("status")} name="status" key={kind} defaultValue={statuses[0]}>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {s.replace("_", " ")}
            </option>
          ))}
        </Select>
      </Field>
      {existing ? null : (
        <>
          <Field id={id("title")} label="Title">
            <Input id={id("title")} name="title" required maxLength={200} placeholder="Elevated error rates" />
          </Field>
          {kind === "incident" ? (
            <div className="flex min-w-0 flex-col gap-1">
              <Label htmlFor={id("impact")}>Impact</Label>
              <Select id={id("impact")} name="impact" defaultValue="minor">
                <option value="none">none</option>
                <option value="minor">minor (partial outage)</option>
                <option value="major">major (major outage)</option>
              </Select>
            </div>
          ) : (
            <>
              <Field id={id("startsAt")} label="Starts (UTC)">
                <UtcDateTimeInput id={id("startsAt")} name="startsAt" required />
              </Field>
              <Field id={id("endsAt")} label="Ends (UTC)">
                <UtcDateTimeInput id={id("endsAt")} name="endsAt" required />
              </Field>
            </>
          )}
        </>
      )}
      <Field id={id("message")} label="Message readers see" className="md:col-span-2">
        <textarea id={id("message")} name="message" required maxLength={5000} rows={3} className="rounded-md border border-input bg-background px-3 py-2 text-sm" />
      </Field>
      </FieldErrorsProvider>
      <div className="md:col-span-2">
        <ErrorSummary title="The update was not posted:" errors={errors} />
      </div>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Posting…" : "Post update"}
        </Button>
      </div>
    </form>
  );
}
