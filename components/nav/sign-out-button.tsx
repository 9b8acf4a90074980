"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { markSignedOut } from "./restore-refresh";

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
        // next-auth revokes the session row (events.signOut), then navigates to /login.
        void signOut({ callbackUrl: "/login" }).catch(() => setPending(false));
      }}
    >
      Sign out
    </Button>
  );
}
