"use client";

import { useState } from "react";
import { resetUserPasswordAction, setUserDisabledAction, setUserRoleAction } from "@/app/(console)/admin/users/actions";
import { OneTimeSecret } from "@/components/admin/one-time-secret";
import { useRunAction } from "@/components/admin/run-action";
import { Select } from "@/components/admin/select";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ROLES, type Role } from "@/lib/auth/roles";
import type { UserDto } from "@/lib/users/dto";

const failed = (r: { error: string } | { data: unknown }) => ("error" in r ? r.error : undefined);

export function UserActions({ user, isSelf }: { user: UserDto; isSelf: boolean }) {
  const run = useRunAction();
  const [role, setRole] = useState<Role>(user.role);
  const [password, setPassword] = useState<string | null>(null);
  const disabled = user.status === "disabled";

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <Select aria-label={`Role for ${user.email}`} value={role} onChange={(e) => setRole(e.target.value as Role)} className="h-8">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </Select>
        <ConfirmDialog
          triggerLabel="Save role"
          triggerDisabled={role === user.role}
          title={`Change the role of ${user.email} from ${user.role} to ${role}?`}
          description="It takes effect on their next request."
          confirmLabel={`Make ${role}`}
          onConfirm={async () => failed(await run(() => setUserRoleAction({ userId: user.id, role }), `${user.email} is now ${role}`))}
        />
        {disabled ? (
          <ConfirmDialog
            triggerLabel="Enable"
            title={`Enable ${user.email}?`}
            description="They can sign in again."
            confirmLabel="Enable"
            onConfirm={async () => failed(await run(() => setUserDisabledAction({ userId: user.id, disabled: false }), `${user.email} is enabled`))}
          />
        ) : (
          <ConfirmDialog
            triggerLabel="Disable"
            triggerDisabled={isSelf}
            destructive
            title={`Disable ${user.email}?`}
            description="They are signed out everywhere and refused on their next request, until enabled again."
            confirmLabel="Disable"
            onConfirm={async () => failed(await run(() => setUserDisabledAction({ userId: user.id, disabled: true }), `${user.email} is disabled`))}
          />
        )}
        {user.provider === "credentials" ? (
          <ConfirmDialog
            triggerLabel="Reset password"
            destructive
            title={`Reset the password of ${user.email}?`}
            description="Their current password stops working and they are signed out everywhere. A new one-time password is shown once."
            confirmLabel="Reset password"
            onConfirm={async () => {
              const result = await run(() => resetUserPasswordAction({ userId: user.id }), `New password issued for ${user.email}`);
              if ("data" in result) setPassword(result.data.password);
              return failed(result);
            }}
          />
        ) : null}
      </div>
      {password ? (
        <OneTimeSecret
          label={`New one-time password for ${user.email}`}
          note="Shown once: hand it over now."
          value={password}
          onDone={() => setPassword(null)}
        />
      ) : null}
    </div>
  );
}
