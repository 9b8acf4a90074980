import { Link } from "@/components/ui/link";
import { alertsHref } from "@/app/(console)/alerts/search-params";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ChannelDto } from "@/lib/channels/store";
import { DeleteChannelButton, TestChannelButton } from "./channel-buttons";

/** Where incidents are told. Everyone sees the list (secrets masked); operators send tests; admins change them. */
export function ChannelList({ channels, canTest, isAdmin }: { channels: ChannelDto[]; canTest: boolean; isAdmin: boolean }) {
  if (channels.length === 0) {
    return <EmptyState title="No channels yet" description={isAdmin ? "Create one below: a webhook, Slack, email or PagerDuty." : "Admins add channels (a channel is where incident details go)."} />;
  }
  return (
    <Table scrollLabel="Notification channels">
      <TableHeader>
        <TableRow>
          <TableHead>Channel</TableHead>
          <TableHead>Target</TableHead>
          <TableHead className="text-right">Per minute</TableHead>
          {canTest ? <TableHead>Actions</TableHead> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {channels.map((c) => (
          <TableRow key={c.id} data-testid="channel-row">
            <TableCell>
              <p className="font-medium">{c.name}</p>
              <span className="flex gap-1">
                <Badge tone="outline">{c.kind}</Badge>
                {c.enabled ? null : <Badge tone="neutral">disabled</Badge>}
              </span>
            </TableCell>
            <TableCell className="font-mono text-xs">{c.secretHint ?? String(c.config.host ?? "")}</TableCell>
            <TableCell className="text-right tabular-nums">{c.rateLimitPerMinute}</TableCell>
            {canTest ? (
              <TableCell>
                <span className="flex flex-wrap items-center gap-2">
                  <TestChannelButton id={c.id} name={c.name} />
                  {isAdmin ? (
                    <>
                      <Link href={alertsHref({ channel: c.id })} className={buttonClasses({ variant: "outline", size: "sm" })} aria-label={`Edit ${c.name}`}>
                        Edit
                      </Link>
                      <DeleteChannelButton id={c.id} name={c.name} />
                    </>
                  ) : null}
                </span>
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
