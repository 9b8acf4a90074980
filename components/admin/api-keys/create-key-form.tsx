"use client";

import { createApiKeyAction } from "@/app/(console)/admin/api-keys/actions";
import { OneTimeSecret } from "@/components/admin/one-time-secret";
import { useCreateForm } from "@/components/admin/use-create-form";
import { Select } from "@/components/admin/select";
import { Button } from "@/components/ui/button";
import { FieldError, fieldA11y } from "@/components/ui/field-error";
import { Input, Label, UtcDateTimeInput } from "@/components/ui/input";
import type { Scope } from "@/lib/auth/scopes";

const FORM = "new-key";

export function CreateKeyForm({ scopes, projects, canCreateUnbound }: { scopes: readonly Scope[]; projects: { slug: string; name: string }[]; canCreateUnbound: boolean }) {
  const { pending, created, dismiss, onSubmit, fieldErrors } = useCreateForm(
    (data) => {
      const expires = String(data.get("expiresAt") ?? "");
      return createApiKeyAction({
        name: String(data.get("name") ?? ""),
        scopes: data.getAll("scopes").map(String) as Scope[],
        projectSlug: String(data.get("projectSlug") ?? "") || undefined,
        // End of the chosen day, UTC.
        expiresAt: expires ? `${expires}T23:59:59Z` : undefined,
      });
    },
    (k) => `Created key ${k.name} (${k.prefix}…)`,
  );

  return (
    <div className="flex flex-col gap-4">
      <form
        aria-label="Create an API key"
        className="flex flex-col gap-4"
        onSubmit={onSubmit}
      >
        <div className="flex flex-wrap items-end gap-3">
          <div className="flex min-w-56 flex-1 flex-col gap-1">
            <Label htmlFor="new-key-name">Name</Label>
            <Input id="new-key-name" name="name" required maxLength={100} placeholder="ci-deploy" autoComplete="off" {...fieldA11y(FORM, "name", fieldErrors)} />
            <FieldError formId={FORM} name="name" errors={fieldErrors} />
          </div>
          <div className="flex min-w-0 flex-col gap-1">
            <Label htmlFor="new-key-project">Project</Label>
            <Select id="new-key-project" name="projectSlug" defaultValue={canCreateUnbound ? "" : (projects[0]?.slug ?? "")} required={!canCreateUnbound} {...fieldA11y(FORM, "projectSlug", fieldErrors)}>
              {canCreateUnbound ? <option value="">All projects (unbound)</option> : null}
              {projects.map((p) => (
                <option key={p.slug} value={p.slug}>
                  {p.name} ({p.slug})
                </option>
              ))}
            </Select>
            <FieldError formId={FORM} name="projectSlug" errors={fieldErrors} />
          </div>
          <div className="flex min-w-0 flex-col gap-1">
            <Label htmlFor="new-key-expiry">Expires (optional, UTC day)</Label>
            <UtcDateTimeInput dateOnly id="new-key-expiry" name="expiresAt" className="w-44" {...fieldA11y(FORM, "expiresAt", fieldErrors)} />
            <FieldError formId={FORM} name="expiresAt" errors={fieldErrors} />
          </div>
        </div>
        <fieldset className="flex min-w-0 flex-wrap gap-x-4 gap-y-2" {...fieldA11y(FORM, "scopes", fieldErrors)}>
          <legend className="mb-1 text-sm font-medium">Scopes</legend>
          {scopes.map((s) => (
            <label key={s} className="flex items-center gap-1.5 text-sm">
              <input type="checkbox" name="scopes" value={s} defaultChecked={s.endsWith(":read")} className="size-4 accent-primary" />
              <code className="font-mono text-xs">{s}</code>
            </label>
          ))}
          <div className="w-full">
            <FieldError formId={FORM} name="scopes" errors={fieldErrors} />
          </div>
        </fieldset>
        <div>
          <Button type="submit" disabled={pending || (!canCreateUnbound && projects.length === 0)} aria-busy={pending}>
            {pending ? "Creating…" : "Create key"}
          </Button>
        </div>
      </form>
      {created ? (
        <OneTimeSecret
          label={`API key ${created.name}`}
          note="Copy it now: it is shown once and never again. Only a hash is stored."
          value={created.key}
          onDone={dismiss}
        />
      ) : null}
    </div>
  );
}
