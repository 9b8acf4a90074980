"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { markSignedOut } from "./restore-refresh";

/**
 * next-auth's sign-out exchange (a CSRF token, then a form POST to /api/auth/signout), without
 * next-auth/react: that module was 31 KB of JavaScript on every signed-in page, for one
 * button. next-auth revokes the session row (events.signOut) and answers where to go.
 */
async function signOut(callbackUrl: string): Promise<void> {
  const csrf = await fetch("/api/auth/csrf", { cache: "no-store" });
  if (!csrf.ok) throw new Error(`csrf ${csrf.status}`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl, json: "true" }),
  });
  if (!res.ok) throw new Error(`signout ${res.status}`);
  const { url } = (await res.json()) as { url?: string };
  window.location.href = url ?? callbackUrl;
}

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      disabled={pending}
      onClick={() => {
        setPending(true);
        markSignedOut();
        void signOut("/login").catch(() => setPending(false));
      }}
    >
      Sign out
    </Button>
  );
}
