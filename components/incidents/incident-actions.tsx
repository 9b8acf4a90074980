"use client";

import { useId, useState, type FormEvent } from "react";
import { acknowledgeIncidentAction, noteIncidentAction, resolveIncidentAction, snoozeIncidentAction } from "@/app/(console)/incidents/actions";
import { useRunAction } from "@/components/admin/run-action";
import { Select } from "@/components/admin/select";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorSummary, Field, FieldErrorsProvider, formErrorsOfResult, NO_ERRORS, type FormErrors } from "@/components/ui/form-field";
import { Label } from "@/components/ui/input";

// An incident's buttons, for operators and admins (the page renders them only for
// incidents:write; the actions check again). Each refreshes the page, so the timeline shows it.

const SNOOZES = [
  { minutes: 30, label: "30 minutes" },
  { minutes: 60, label: "1 hour" },
  { minutes: 240, label: "4 hours" },
  { minutes: 1440, label: "1 day" },
];

export function IncidentActions({ incident }: { incident: { id: string; title: string; status: string } }) {
  const run = useRunAction();
  const [pending, setPending] = useState<string | null>(null);
  const [minutes, setMinutes] = useState(String(SNOOZES[1]!.minutes));
  const snoozeId = useId();
  if (incident.status === "resolved") return null;

  async function act(name: string, call: () => Promise<unknown>) {
    setPending(name);
    await call();
    setPending(null);
  }

  return (
    <div className="flex flex-wrap items-end gap-2">
      {incident.status === "open" ? (
        <Button disabled={pending !== null} aria-busy={pending === "ack"} onClick={() => void act("ack", () => run(() => acknowledgeIncidentAction({ id: incident.id }), "Incident acknowledged"))}>
          {pending === "ack" ? "Acknowledging…" : "Acknowledge"}
        </Button>
      ) : null}
      <ConfirmDialog
        triggerLabel="Resolve"
        triggerVariant="outline"
        triggerSize="md"
        title={`Resolve ${incident.title}?`}
        description="A resolved message goes to the channels that were told. If the condition still holds, the next evaluation opens a new incident."
        confirmLabel="Resolve incident"
        onConfirm={async () => {
          const result = await run(() => resolveIncidentAction({ id: incident.id }), "Incident resolved");
          return "error" in result ? result.error : undefined;
        }}
      />
      <div className="flex items-end gap-1">
        <div className="flex min-w-0 flex-col gap-1">
          <Label htmlFor={snoozeId}>Snooze repeats for</Label>
          <Select id={snoozeId} value={minutes} onChange={(e) => setMinutes(e.target.value)}>
            {SNOOZES.map((s) => (
              <option key={s.minutes} value={s.minutes}>
                {s.label}
              </option>
            ))}
          </Select>
        </div>
        <Button variant="secondary" disabled={pending !== null} aria-busy={pending === "snooze"} onClick={() => void act("snooze", () => run(() => snoozeIncidentAction({ id: incident.id, minutes: Number(minutes) }), "Incident snoozed"))}>
          Snooze
        </Button>
      </div>
    </div>
  );
}

/** A note on the timeline (operators and admins; resolved incidents take notes too, for the write-up). */
export function IncidentNoteForm({ id }: { id: string }) {
  const run = useRunAction();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const noteId = useId();
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const note = String(new FormData(form).get("note") ?? "");
    setPending(true);
    const result = await run(() => noteIncidentAction({ id, note }), "Note added");
    setPending(false);
    setErrors("error" in result ? formErrorsOfResult(result) : NO_ERRORS);
    if ("data" in result) form.reset();
  }
  return (
    <form aria-label="Add a note" className="flex flex-col gap-2" onSubmit={(e) => void submit(e)}>
      <FieldErrorsProvider errors={errors}>
        <Field id={noteId} label="Note">
          <textarea id={noteId} name="note" required maxLength={2000} rows={3} className="rounded-md border border-input bg-background px-3 py-2 text-sm" placeholder="What you found, what you did" />
        </Field>
      </FieldErrorsProvider>
      {errors.messages.length ? <ErrorSummary title="The note was not added:" errors={{ ...errors, fields: {} }} /> : null}
      <div>
        <Button type="submit" variant="secondary" disabled={pending} aria-busy={pending}>
          {pending ? "Adding…" : "Add note"}
        </Button>
      </div>
    </form>
  );
}
