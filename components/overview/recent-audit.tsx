import { Link } from "@/components/ui/link";
import { auditHref } from "@/app/(console)/audit/search-params";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AccessContext } from "@/lib/auth/principal";
import { auditFilterSchema } from "@/lib/audit/filters";
import { listAuditEvents } from "@/lib/audit/queries";
import { Time } from "@/components/ui/time";

/** The last few audit events, for those who may read the trail (the overview renders it for admins). */
export async function RecentAudit({ access }: { access: AccessContext }) {
  const { data } = await listAuditEvents(access, auditFilterSchema.parse({}), { limit: 8 });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Recent audit events</CardTitle>
        <CardDescription>
          The newest changes and sign-ins. <Link href="/audit" className="underline underline-offset-4">Open the audit trail</Link>
        </CardDescription>
      </CardHeader>
      <CardContent>
        {data.length === 0 ? (
          <EmptyState title="No events yet" description="Every change and sign-in is recorded here." />
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>When</TableHead>
                <TableHead>Who</TableHead>
                <TableHead>Action</TableHead>
                <TableHead>Target</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.map((e) => (
                <TableRow key={e.seq}>
                  <TableCell className="whitespace-nowrap text-muted-foreground">
                    <Link href={auditHref({}, { event: e.seq })} className="hover:underline">
                      <Time iso={e.occurredAt} />
                    </Link>
                  </TableCell>
                  <TableCell className="max-w-[14rem] truncate">{e.actorLabel ?? e.actorType}</TableCell>
                  <TableCell className="font-mono text-xs">{e.action}</TableCell>
                  <TableCell className="max-w-[16rem] truncate">{e.targetLabel ?? e.targetId ?? "—"}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
