import { DEMO_PASSWORD, DEMO_USERS } from "@/lib/demo/accounts";
import { DemoSignInButton } from "./demo-sign-in-button";

// Demo mode only: these accounts exist with this password (the start refuses them in production).

export function DemoSignIns() {
  return (
    <aside aria-labelledby="demo-heading" className="rounded-lg border bg-muted/50 p-4 text-sm">
      <h2 id="demo-heading" className="font-medium">
        Demo sign-ins
      </h2>
      <p className="mt-1 text-muted-foreground">
        Password <code className="font-mono text-foreground">{DEMO_PASSWORD}</code> for each; pick one to sign in:
      </p>
      <ul className="mt-2 -mx-2 flex flex-col gap-0.5">
        {DEMO_USERS.map((account) => (
          <li key={account.email}>
            <DemoSignInButton email={account.email} password={DEMO_PASSWORD} role={account.role} />
          </li>
        ))}
      </ul>
    </aside>
  );
}
