import { Link } from "@/components/ui/link";
import { incidentsHref } from "@/app/(console)/incidents/search-params";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { AccessContext } from "@/lib/auth/principal";
import { openIncidents } from "@/lib/incidents/queries";
import { IncidentRows } from "./incident-table";

const SHOWN = 5;

/** The overview's first card: incidents still open or acknowledged, or a one-line all-clear. */
export async function OpenIncidents({ access }: { access: AccessContext }) {
  const open = await openIncidents(access, SHOWN + 1);
  const all = incidentsHref({ status: "active" });
  if (open.length === 0) {
    return (
      <p className="text-sm font-medium" data-testid="open-incidents">
        No open incidents. <Link href="/incidents" className="font-normal text-muted-foreground underline underline-offset-4">Past incidents</Link>
      </p>
    );
  }
  return (
    <Card data-testid="open-incidents" aria-labelledby="open-incidents-title">
      <CardHeader>
        <CardTitle id="open-incidents-title">Open incidents</CardTitle>
        <CardDescription>
          {open.length > SHOWN ? `More than ${SHOWN} incidents are open or acknowledged.` : `${open.length} incident${open.length === 1 ? " is" : "s are"} open or acknowledged.`}{" "}
          <Link href={all} className="underline underline-offset-4">
            See all
          </Link>
        </CardDescription>
      </CardHeader>
      <CardContent>
        <IncidentRows incidents={open.slice(0, SHOWN)} />
      </CardContent>
    </Card>
  );
}
