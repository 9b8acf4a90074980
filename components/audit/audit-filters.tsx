"use client";

import { Link } from "@/components/ui/link";
import { useRouter } from "next/navigation";
import { useTransition, type FormEvent } from "react";
import { auditFilterParsers, auditHref, type AuditFilterParams } from "@/app/(console)/audit/search-params";
import { Button, buttonClasses } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";

// The filter bar: a GET form whose submit becomes a URL, so every view is a shareable link.
// Times are entered and shown in UTC (as the table shows them), so server and browser agree.

type Props = { values: AuditFilterParams; groups: Record<string, string[]>; projects: { id: string; label: string }[] };

const select = "h-9 w-full rounded-md border border-input bg-background px-2 text-sm";
const toInput = (iso: string | null) => (iso && !Number.isNaN(Date.parse(iso)) ? new Date(iso).toISOString().slice(0, 16) : "");
const fromInput = (local: string) => (local ? `${local}:00Z` : "");

export function AuditFilters({ values, groups, projects }: Props) {
  const router = useRouter();
  const [pending, start] = useTransition();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const filter: Partial<AuditFilterParams> = {};
    for (const key of Object.keys(auditFilterParsers) as (keyof AuditFilterParams)[]) {
      const text = String(form.get(key) ?? "").trim();
      filter[key] = !text ? null : key === "since" || key === "until" ? fromInput(text) : text;
    }
    // A new filter starts at the newest page, with no event open.
    start(() => router.push(auditHref(filter)));
  }

  const field = (name: string, label: string, input: React.ReactNode) => (
    <div className="flex min-w-0 flex-col gap-1">
      <Label htmlFor={`audit-${name}`}>{label}</Label>
      {input}
    </div>
  );

  return (
    <form key={JSON.stringify(values)} autoComplete="off" onSubmit={submit} aria-label="Filter events" className="mb-6 grid grid-cols-1 gap-3 rounded-lg border bg-card p-4 sm:grid-cols-2 lg:grid-cols-4">
      {field("actor", "Actor", <Input id="audit-actor" name="actor" defaultValue={values.actor ?? ""} placeholder="email, key name or id" />)}
      {field(
        "actorType",
        "Actor type",
        <select id="audit-actorType" name="actorType" defaultValue={values.actorType ?? ""} className={select}>
          <option value="">Any</option>
          <option value="user">user</option>
          <option value="api_key">api_key</option>
          <option value="system">system</option>
          <option value="anonymous">anonymous</option>
        </select>,
      )}
      {field(
        "action",
        "Action",
        <select id="audit-action" name="action" defaultValue={values.action ?? ""} className={select}>
          <option value="">Any action</option>
          {Object.entries(groups).map(([group, actions]) => (
            <optgroup key={group} label={group}>
              <option value={`${group}.*`}>all {group}.*</option>
              {actions.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </optgroup>
          ))}
        </select>,
      )}
      {field(
        "project",
        "Project",
        <select id="audit-project" name="project" defaultValue={values.project ?? ""} className={select}>
          <option value="">Any project</option>
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>,
      )}
      {field("targetType", "Target type", <Input id="audit-targetType" name="targetType" defaultValue={values.targetType ?? ""} placeholder="run, project, user, api_key" />)}
      {field("targetId", "Target id", <Input id="audit-targetId" name="targetId" defaultValue={values.targetId ?? ""} />)}
      {field("since", "From (UTC)", <Input id="audit-since" name="since" type="datetime-local" defaultValue={toInput(values.since)} />)}
      {field("until", "To (UTC)", <Input id="audit-until" name="until" type="datetime-local" defaultValue={toInput(values.until)} />)}
      <div className="flex flex-col gap-1 sm:col-span-2">
        <Label htmlFor="audit-q">Text in labels</Label>
        <Input id="audit-q" name="q" type="search" defaultValue={values.q ?? ""} placeholder="part of an actor's or target's name" />
      </div>
      <div className="flex items-end gap-2 sm:col-span-2">
        <Button type="submit" disabled={pending} aria-busy={pending}>
          {pending ? "Filtering…" : "Apply filters"}
        </Button>
        <Link href={auditHref({})} className={buttonClasses({ variant: "ghost" })}>
          Clear
        </Link>
      </div>
    </form>
  );
}
