"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { GENERIC_SIGN_IN_ERROR, signInErrorMessage } from "@/lib/auth/sign-in-errors";

type Props = { callbackUrl: string; initialError: string | null; github: boolean; oidc: boolean };

const noSubscribe = () => () => {};

export function LoginForm({ callbackUrl, initialError, github, oidc }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(signInErrorMessage(initialError));
  const [pending, setPending] = useState(false);
  // Until hydration the submit handler is not attached; a native submit would go nowhere useful.
  const hydrated = useSyncExternalStore(noSubscribe, () => true, () => false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        redirect: false,
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        callbackUrl,
      });
      if (result?.ok && !result.error) {
        router.replace(callbackUrl);
        router.refresh();
        return; // stay pending while the next page loads
      }
      setError(signInErrorMessage(result?.error) ?? GENERIC_SIGN_IN_ERROR);
    } catch {
      setError(GENERIC_SIGN_IN_ERROR);
    }
    setPending(false);
  }

  function signInWith(provider: "github" | "oidc") {
    setPending(true);
    void signIn(provider, { callbackUrl }).catch(() => {
      setPending(false);
      setError(GENERIC_SIGN_IN_ERROR);
    });
  }

  return (
    <div className="flex flex-col gap-4">
      {error ? (
        <p role="alert" className="rounded-md border border-destructive/40 bg-danger-soft px-3 py-2 text-sm text-danger-soft-foreground">
          {error}
        </p>
      ) : null}
      <form method="post" onSubmit={onSubmit} className="flex flex-col gap-4" aria-busy={pending}>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="email">Email</Label>
          <Input id="email" name="email" type="email" autoComplete="username" required autoFocus inputMode="email" spellCheck={false} />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="password">Password</Label>
          <Input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <Button type="submit" disabled={!hydrated || pending} className="w-full">
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {github || oidc ? (
        <>
          <div className="flex items-center gap-3 text-xs text-muted-foreground">
            <span className="h-px flex-1 bg-border" aria-hidden="true" />
            or
            <span className="h-px flex-1 bg-border" aria-hidden="true" />
          </div>
          {github ? (
            <Button variant="outline" disabled={!hydrated || pending} onClick={() => signInWith("github")}>
              Sign in with GitHub
            </Button>
          ) : null}
          {oidc ? (
            <Button variant="outline" disabled={!hydrated || pending} onClick={() => signInWith("oidc")}>
              Sign in with single sign-on
            </Button>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
