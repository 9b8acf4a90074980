import { AuditHistoryLink } from "@/components/audit/history-link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ApiKeyListItem } from "@/lib/api-keys/dto";
import { RevokeKeyButton } from "./revoke-key-button";
import { Time } from "@/components/ui/time";

const STATE_TONE = { active: "success", revoked: "danger", expired: "warning" } as const;
const when = (iso: string | null, none: string) => (iso ? <Time iso={iso} /> : <span className="text-muted-foreground">{none}</span>);

/** `showHistory`: link each key to its events on /audit (for those who may read the audit trail). */
export function KeysTable({ keys, showHistory = false, highlightId }: { keys: ApiKeyListItem[]; showHistory?: boolean; highlightId?: string }) {
  if (keys.length === 0) return <EmptyState title="No API keys yet" description="Create one above for an integration to report runs." />;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Key</TableHead>
          <TableHead>Scopes</TableHead>
          <TableHead>Project</TableHead>
          <TableHead>Created</TableHead>
          <TableHead>Last used</TableHead>
          <TableHead>Expires</TableHead>
          <TableHead>State</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {keys.map((k) => (
          <TableRow key={k.id} data-testid={`key-row-${k.name}`} aria-current={k.id === highlightId ? "true" : undefined} className={k.id === highlightId ? "bg-accent" : undefined}>
            <TableCell className="max-w-[16rem]">
              <div className="truncate font-medium" title={k.name}>
                {k.name}
              </div>
              <code className="font-mono text-xs text-muted-foreground">{k.prefix}…</code>
              {showHistory ? (
                <div>
                  <AuditHistoryLink targetType="api_key" targetId={k.id} subject={k.name} className="text-xs" />
                </div>
              ) : null}
            </TableCell>
            <TableCell>
              <div className="flex flex-wrap gap-1">
                {k.scopes.map((s) => (
                  <Badge key={s} tone="outline" className="font-mono">
                    {s}
                  </Badge>
                ))}
              </div>
            </TableCell>
            <TableCell>{k.projectSlug ?? <span className="text-muted-foreground">all projects</span>}</TableCell>
            <TableCell className="whitespace-nowrap">
              <Time iso={k.createdAt} />
              <div className="text-xs text-muted-foreground">{k.createdBy ?? "system"}</div>
            </TableCell>
            <TableCell className="whitespace-nowrap">{when(k.lastUsedAt, "never")}</TableCell>
            <TableCell className="whitespace-nowrap">{when(k.expiresAt, "never")}</TableCell>
            <TableCell>
              <Badge tone={STATE_TONE[k.state]}>{k.state}</Badge>
            </TableCell>
            <TableCell>{k.state === "active" ? <RevokeKeyButton id={k.id} name={k.name} prefix={k.prefix} /> : null}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
