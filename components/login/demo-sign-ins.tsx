import { DEMO_PASSWORD, DEMO_USERS } from "@/lib/demo/accounts";

// Demo mode only: these accounts exist with this password (the start refuses them in production).

export function DemoSignIns() {
  return (
    <aside aria-labelledby="demo-heading" className="rounded-lg border bg-muted/50 p-4 text-sm">
      <h2 id="demo-heading" className="font-medium">
        Demo sign-ins
      </h2>
      <p className="mt-1 text-muted-foreground">
        Password <code className="font-mono text-foreground">{DEMO_PASSWORD}</code> for each:
      </p>
      <ul className="mt-2 flex flex-col gap-1">
        {DEMO_USERS.map((account) => (
          <li key={account.email} className="flex items-center justify-between gap-2">
            <code className="font-mono">{account.email}</code>
            <span className="text-xs text-muted-foreground">{account.role}</span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
