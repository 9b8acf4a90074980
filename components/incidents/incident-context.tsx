import { Link } from "@/components/ui/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PanelSkeleton } from "@/components/ui/skeleton";
import type { AccessContext } from "@/lib/auth/principal";
import { incidentContext, type IncidentContext } from "@/lib/incidents/context";
import { Time } from "@/components/ui/time";

type Items = NonNullable<IncidentContext["failedRuns"]>;

const SECTIONS: { key: Exclude<keyof IncidentContext, "from" | "to">; title: string; none: string }[] = [
  { key: "failedRuns", title: "Failed runs of the project", none: "No runs of the project failed." },
  { key: "routes", title: "Routes that got worse", none: "No route's 5xx share or p95 rose." },
  { key: "slowQueries", title: "Slow queries that spiked", none: "No slow-query fingerprint spiked." },
  { key: "monitorIncidents", title: "Monitors down at the same time", none: "No monitor was down." },
  { key: "auditEvents", title: "Changes (audit events)", none: "Nobody changed anything." },
];

/** "What else happened": the signals around the incident's window, each a link (lib/incidents/context.ts). */
export async function IncidentContextPanel({ access, id }: { access: AccessContext; id: string }) {
  const context = await incidentContext(access, id);
  const visible = SECTIONS.filter((s) => context[s.key] !== null);
  const found = visible.reduce((n, s) => n + (context[s.key]?.length ?? 0), 0);
  return (
    <Card aria-labelledby="context-title">
      <CardHeader>
        <CardTitle id="context-title">What else happened</CardTitle>
        <CardDescription>
          From <Time iso={context.from} mode="exact" /> (15 min before it started) to <Time iso={context.to} mode="exact" />:{" "}
          {found === 0 ? "nothing else stood out." : `${found} related signal${found === 1 ? "" : "s"}.`}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4" data-testid="incident-context">
        {visible.map((s) => (
          <section key={s.key} aria-label={s.title}>
            <h3 className="mb-1 text-sm font-medium">{s.title}</h3>
            <ContextItems items={context[s.key]!} none={s.none} />
          </section>
        ))}
      </CardContent>
    </Card>
  );
}

function ContextItems({ items, none }: { items: Items; none: string }) {
  if (items.length === 0) return <p className="text-sm text-muted-foreground">{none}</p>;
  return (
    <ul className="flex flex-col gap-1">
      {items.map((item, i) => (
        <li key={`${item.href}-${i}`} className="text-sm wrap-anywhere">
          <Link href={item.href} className="font-medium underline-offset-4 hover:underline">
            {item.title}
          </Link>{" "}
          <span className="text-muted-foreground">
            {item.detail}
            {item.at ? (
              <>
                {" · "}
                <Time iso={item.at} />
              </>
            ) : null}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function IncidentContextSkeleton() {
  return <PanelSkeleton label="Looking at what else happened…" />;
}
