"use server";

import { defineAction } from "@/lib/actions/define";
import { inviteUser, userInviteSchema } from "@/lib/users/invite";
import { resetUserPassword, userPasswordResetSchema } from "@/lib/users/reset-password";
import { setUserDisabled, userStatusSchema } from "@/lib/users/set-disabled";
import { setUserRole, userRoleSchema } from "@/lib/users/set-role";

// The one-time passwords these return are shown once by the client and never again.

export const createUserAction = defineAction({ name: "users.create", input: userInviteSchema, role: "admin" }, async (ctx, input) => {
  const { user, password } = await inviteUser(ctx, input);
  return { email: user.email, role: user.role, password };
});

export const setUserRoleAction = defineAction({ name: "users.set_role", input: userRoleSchema, role: "admin" }, (ctx, input) => setUserRole(ctx, input));

export const setUserDisabledAction = defineAction({ name: "users.set_disabled", input: userStatusSchema, role: "admin" }, (ctx, input) => setUserDisabled(ctx, input));

export const resetUserPasswordAction = defineAction({ name: "users.reset_password", input: userPasswordResetSchema, role: "admin" }, (ctx, input) =>
  resetUserPassword(ctx, input),
);
