"use client";

import { useState } from "react";
import { createStatusPageAction, updateStatusPageAction } from "@/app/(console)/admin/status-pages/actions";
import { useRunAction } from "@/components/admin/run-action";
import { Button } from "@/components/ui/button";
import { ErrorSummary, Field, FieldErrorsProvider, formErrorsOfResult, NO_ERRORS, type FormErrors } from "@/components/ui/form-field";
import { Input, Label } from "@/components/ui/input";
import type { StatusPageDto } from "@/lib/status-pages/store";

export type MonitorOption = { id: string; name: string; type: string };
type ComponentRow = { key: number; displayName: string; groupName: string; monitorIds: string[] };

let rowKey = 0;
const emptyRow = (): ComponentRow => ({ key: rowKey++, displayName: "", groupName: "", monitorIds: [] });

/** Create or edit a page: its public texts and its components (display name → monitors, in groups). */
export function StatusPageForm({ monitors, page }: { monitors: MonitorOption[]; page?: StatusPageDto }) {
  const run = useRunAction();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  // The rows sent last, in order: a server error on components.N belongs to the row sent Nth.
  const [sent, setSent] = useState<number[]>([]);
  const [rows, setRows] = useState<ComponentRow[]>(page ? page.components.map((c) => ({ key: rowKey++, displayName: c.displayName, groupName: c.groupName, monitorIds: c.monitorIds })) : [emptyRow()]);
  const id = (name: string) => `${page ? `sp-${page.id}` : "sp-new"}-${name}`;
  const update = (key: number, change: Partial<ComponentRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...change } : r)));

  async function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? "").trim();
    const filled = rows.filter((r) => r.displayName || r.monitorIds.length);
    const fields = {
      slug: text("slug"),
      title: text("title"),
      description: text("description"),
      logoUrl: text("logoUrl") || null,
      footer: text("footer"),
      published: data.get("published") === "on",
      components: filled.map(({ displayName, groupName, monitorIds }) => ({ displayName, groupName, monitorIds })),
    };
    setSent(filled.map((r) => r.key));
    setPending(true);
    const result = page ? await run(() => updateStatusPageAction({ id: page.id, patch: fields }), `Status page ${fields.title} saved`) : await run(() => createStatusPageAction(fields), `Status page ${fields.title} created`);
    setPending(false);
    setErrors("error" in result ? formErrorsOfResult(result) : NO_ERRORS);
    if (!page && "data" in result) {
      form.reset();
      setRows([emptyRow()]);
    }
  }

  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(e.currentTarget);
      }}
    >
      <FieldErrorsProvider errors={errors}>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
        <Field id={id("slug")} label="Slug (the URL: /status/slug)">
          <Input id={id("slug")} name="slug" required pattern="[a-z0-9][a-z0-9-]*[a-z0-9]" minLength={2} maxLength={60} defaultValue={page?.slug} placeholder="acme" />
        </Field>
        <Field id={id("title")} label="Title">
          <Input id={id("title")} name="title" required maxLength={120} defaultValue={page?.title} placeholder="Acme status" />
        </Field>
        <Field id={id("description")} label="Description" className="md:col-span-2">
          <Input id={id("description")} name="description" maxLength={1000} defaultValue={page?.description} />
        </Field>
        <Field id={id("logoUrl")} label="Logo URL (https, optional)">
          <Input id={id("logoUrl")} name="logoUrl" type="url" defaultValue={page?.logoUrl ?? ""} />
        </Field>
        <Field id={id("footer")} label="Footer">
          <Input id={id("footer")} name="footer" maxLength={500} defaultValue={page?.footer} />
        </Field>
        <div className="flex items-center gap-2">
          <input id={id("published")} name="published" type="checkbox" defaultChecked={page?.published ?? true} className="size-4" />
          <Label htmlFor={id("published")}>Published (public)</Label>
        </div>
      </div>
      <fieldset className="flex flex-col gap-3">
        <legend className="text-sm font-medium">Components</legend>
        {rows.map((r, i) => {
          // Named after the sent position, so the server's components.N.field errors land here.
          const at = sent.indexOf(r.key);
          const name = (field: string) => (at < 0 ? undefined : `components.${at}.${field}`);
          return (
          <div key={r.key} className="grid grid-cols-1 gap-2 rounded-md border p-3 md:grid-cols-3" data-testid="component-row">
            <Field id={id(`c${r.key}-name`)} label={`Display name ${i + 1}`}>
              <Input id={id(`c${r.key}-name`)} name={name("displayName")} value={r.displayName} maxLength={80} onChange={(e) => update(r.key, { displayName: e.target.value })} placeholder="Public API" />
            </Field>
            <Field id={id(`c${r.key}-group`)} label={`Group ${i + 1} (optional)`}>
              <Input id={id(`c${r.key}-group`)} name={name("groupName")} value={r.groupName} maxLength={80} onChange={(e) => update(r.key, { groupName: e.target.value })} placeholder="Core" />
            </Field>
            <Field id={id(`c${r.key}-monitors`)} label={`Monitors ${i + 1}`}>
              <select
                id={id(`c${r.key}-monitors`)}
                name={name("monitorIds")}
                multiple
                className="min-h-20 rounded-md border border-input bg-background px-2 py-1 text-sm"
                value={r.monitorIds}
                onChange={(e) => update(r.key, { monitorIds: [...e.target.selectedOptions].map((o) => o.value) })}
              >
                {monitors.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name} ({m.type})
                  </option>
                ))}
              </select>
            </Field>
            {rows.length > 1 ? (
              <div className="md:col-span-3">
                <Button type="button" size="sm" variant="outline" onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
                  Remove component {i + 1}
                </Button>
              </div>
            ) : null}
          </div>
          );
        })}
        <div>
          <Button type="button" size="sm" variant="outline" onClick={() => setRows((rs) => [...rs, emptyRow()])}>
            Add a component
          </Button>
        </div>
      </fieldset>
      </FieldErrorsProvider>
      <ErrorSummary title={page ? "The page was not saved:" : "The page was not created:"} errors={errors} />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : page ? "Save page" : "Create page"}
        </Button>
      </div>
    </form>
  );
}
