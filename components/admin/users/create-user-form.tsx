"use client";

import { createUserAction } from "@/app/(console)/admin/users/actions";
import { OneTimeSecret } from "@/components/admin/one-time-secret";
import { useCreateForm } from "@/components/admin/use-create-form";
import { Select } from "@/components/admin/select";
import { Button } from "@/components/ui/button";
import { FieldError, fieldA11y } from "@/components/ui/field-error";
import { Input, Label } from "@/components/ui/input";
import { EMAIL_LIMITS } from "@/lib/validations/email";
import { ROLES, type Role } from "@/lib/auth/roles";

const FORM = "new-user";

export function CreateUserForm() {
  const { pending, created, dismiss, onSubmit, fieldErrors } = useCreateForm(
    (data) => createUserAction({ email: String(data.get("email") ?? ""), name: String(data.get("name") ?? ""), role: String(data.get("role")) as Role }),
    (u) => `Created ${u.email} (${u.role})`,
  );

  return (
    <div className="flex flex-col gap-4">
      <form
        aria-label="Create a user"
        className="flex flex-wrap items-start gap-3 [&>button]:mt-6"
        onSubmit={onSubmit}
      >
        <div className="flex min-w-56 flex-1 flex-col gap-1">
          <Label htmlFor="new-user-email">Email</Label>
          <Input id="new-user-email" name="email" type="email" required maxLength={EMAIL_LIMITS.total} autoComplete="off" {...fieldA11y(FORM, "email", fieldErrors)} />
          <FieldError formId={FORM} name="email" errors={fieldErrors} />
        </div>
        <div className="flex min-w-40 flex-col gap-1">
          <Label htmlFor="new-user-name">Name (optional)</Label>
          <Input id="new-user-name" name="name" maxLength={200} autoComplete="off" {...fieldA11y(FORM, "name", fieldErrors)} />
          <FieldError formId={FORM} name="name" errors={fieldErrors} />
        </div>
        <div className="flex min-w-0 flex-col gap-1">
          <Label htmlFor="new-user-role">Role</Label>
          <Select id="new-user-role" name="role" defaultValue="viewer">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" disabled={pending} aria-busy={pending}>
          {pending ? "Creating…" : "Create user"}
        </Button>
      </form>
      {created ? (
        <OneTimeSecret
          label={`One-time password for ${created.email}`}
          note="Hand it over now: it is shown once and cannot be retrieved later. Reset the password to issue a new one."
          value={created.password}
          onDone={dismiss}
        />
      ) : null}
    </div>
  );
}
