"use client";

import { Link } from "@/components/ui/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { auditFilterParsers, auditHref, type AuditFilterParams } from "@/app/(console)/audit/search-params";
import { Button, buttonClasses } from "@/components/ui/button";
import { Input, Label, UtcDateTimeInput } from "@/components/ui/input";
import { cx } from "@/lib/ui/cn";
import { parseUtcDate } from "@/lib/ui/format";

// The filter bar: a GET form whose submit becomes a URL, so every view is a shareable link.
// Times are entered and shown in UTC (as the table shows them), so server and browser agree.

type Props = { values: AuditFilterParams; groups: Record<string, string[]>; projects: { id: string; label: string }[] };

const select = "h-9 w-full rounded-md border border-input bg-background px-2 text-sm";
const SECONDARY: (keyof AuditFilterParams)[] = ["actorType", "project", "targetType", "targetId", "since", "until"];
const toDate = (iso: string | null) => (iso ? parseUtcDate(iso) : null);

export function AuditFilters({ values, groups, projects }: Props) {
  const router = useRouter();
  const [pending, start] = useTransition();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const filter: Partial<AuditFilterParams> = {};
    for (const key of Object.keys(auditFilterParsers) as (keyof AuditFilterParams)[]) {
      const text = String(form.get(key) ?? "").trim();
      filter[key] = !text ? null : key === "since" || key === "until" ? (parseUtcDate(text)?.toISOString() ?? text) : text;
    }
    // A new filter starts at the newest page, with no event open.
    start(() => router.push(auditHref(filter)));
  }

  // On a phone ten fields would fill the screen before the first event: the less used ones
  // fold under "More filters" (open when one of them is set), and are always shown from sm up.
  const setSecondary = SECONDARY.filter((k) => values[k]).length;
  const [more, setMore] = useState(setSecondary > 0);
  const field = (name: string, label: string, input: React.ReactNode) => (
    <div className={cx("min-w-0 flex-col gap-1", SECONDARY.includes(name as keyof AuditFilterParams) && !more ? "hidden sm:flex" : "flex")}>
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
      {field("since", "From (UTC)", <UtcDateTimeInput id="audit-since" name="since" value={toDate(values.since)} />)}
      {field("until", "To (UTC)", <UtcDateTimeInput id="audit-until" name="until" value={toDate(values.until)} />)}
      <div className="flex flex-col gap-1 sm:col-span-2">
        <Label htmlFor="audit-q">Text in labels</Label>
        <Input id="audit-q" name="q" type="search" defaultValue={values.q ?? ""} placeholder="part of an actor's or target's name" />
      </div>
      <div className="flex flex-wrap items-end gap-2 sm:col-span-2">
        <Button type="submit" disabled={pending} aria-busy={pending}>
          {pending ? "Filtering…" : "Apply filters"}
        </Button>
        <Link href={auditHref({})} className={buttonClasses({ variant: "ghost" })}>
          Clear
        </Link>
        <Button type="button" variant="ghost" className="sm:hidden" aria-expanded={more} onClick={() => setMore(!more)}>
          {more ? "Fewer filters" : `More filters${setSecondary ? ` (${setSecondary} set)` : ""}`}
        </Button>
      </div>
    </form>
  );
}
