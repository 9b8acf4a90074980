import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { CacheOverview } from "@/lib/system/cache-controls";
import { formatNumber } from "@/lib/ui/format";
import { InfoList } from "@/components/system/info-list";
import { FlushCacheButton } from "./flush-cache-button";

export function CachePanel({ cache }: { cache: CacheOverview }) {
  const { stats } = cache;
  const lookups = stats.l1Hits + stats.l2Hits + stats.misses;
  const keys = cache.apiKeys;
  const apiKeys = !keys
    ? "not cached"
    : keys.listening
      ? `${formatNumber(keys.entries)} cached · ${formatNumber(keys.hits)} hits · ${formatNumber(keys.misses)} misses (kept while this instance hears key changes)`
      : "not cached: not listening for key changes, so every request reads its key";
  const hitRate = lookups ? `${Math.round(((stats.l1Hits + stats.l2Hits) / lookups) * 100)} % of ${formatNumber(lookups)} lookups` : "no lookups yet";
  return (
    <div className="flex flex-col gap-4">
      <InfoList
        rows={[
          { label: "Hit rate", value: hitRate },
          { label: "Entries (this instance)", value: formatNumber(stats.entries) },
          { label: "Hits", value: `${formatNumber(stats.l1Hits)} in memory · ${formatNumber(stats.l2Hits)} from Redis` },
          { label: "Invalidations", value: `${formatNumber(stats.invalidations)} here · ${formatNumber(stats.remoteInvalidations)} from other instances` },
          { label: "Redis errors", value: formatNumber(stats.l2Errors) },
          { label: "API key lookups", value: apiKeys },
          { label: "Flushes reach", value: cache.sharedAcrossInstances ? "every instance (Redis)" : "this instance only (no Redis)" },
        ]}
      />
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-medium">Tags in memory</h3>
        <FlushCacheButton acrossInstances={cache.sharedAcrossInstances} />
      </div>
      {cache.tags.length === 0 ? (
        <EmptyState title="Nothing cached on this instance" description="Entries appear as pages and the API read cached data." />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Tag</TableHead>
              <TableHead>Entries</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {cache.tags.map((t) => (
              <TableRow key={t.tag}>
                <TableCell className="font-mono text-xs">{t.tag}</TableCell>
                <TableCell>{formatNumber(t.entries)}</TableCell>
                <TableCell>
                  <FlushCacheButton tag={t.tag} acrossInstances={cache.sharedAcrossInstances} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
