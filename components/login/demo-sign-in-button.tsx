"use client";

/** Fills the sign-in form with a demo account and submits it: one click to look around. */
export function DemoSignInButton({ email, password, role }: { email: string; password: string; role: string }) {
  return (
    <button
      type="button"
      className="flex w-full items-center justify-between gap-2 rounded-md px-2 py-1 text-left hover:bg-muted focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
      onClick={() => {
        const emailInput = document.querySelector<HTMLInputElement>("input#email");
        const passwordInput = document.querySelector<HTMLInputElement>("input#password");
        if (!emailInput || !passwordInput) return;
        emailInput.value = email;
        passwordInput.value = password;
        emailInput.form?.requestSubmit();
      }}
    >
      <code className="font-mono">{email}</code>
      <span className="text-xs text-muted-foreground">Sign in as {role}</span>
    </button>
  );
}
