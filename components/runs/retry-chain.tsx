import { Link } from "@/components/ui/link";
import { RunStatusBadge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { AccessContext } from "@/lib/auth/principal";
import type { RunDetailDto, RunDto } from "@/lib/runs/dto";
import { getRetryChain } from "@/lib/runs/queries";
import { Time } from "@/components/ui/time";

function ChainItem({ run, slug, current }: { run: RunDto; slug: string; current?: boolean }) {
  return (
    <li className="flex flex-wrap items-center gap-2 text-sm">
      <RunStatusBadge status={run.status} />
      {current ? (
        <span className="font-medium" aria-current="page">
          this run
        </span>
      ) : (
        <Link href={`/projects/${slug}/runs/${run.id}`} className="underline underline-offset-4">
          {run.name}
        </Link>
      )}
      <Time iso={run.createdAt} className="text-xs text-muted-foreground" />
    </li>
  );
}

/** The runs this one retries (oldest first) and the retries made of it, each a link. */
export async function RetryChain({ access, run }: { access: AccessContext; run: RunDetailDto }) {
  const chain = await getRetryChain(access, run.id);
  const alone = chain.ancestors.length === 0 && chain.retries.length === 0;
  return (
    <Card className="lg:col-span-2">
      <CardHeader>
        <CardTitle>Retry chain</CardTitle>
        {alone ? <CardDescription>This run is not a retry and has not been retried.</CardDescription> : null}
      </CardHeader>
      {alone ? null : (
        <CardContent>
          <ol className="flex flex-col gap-2" aria-label="Retry chain, oldest first">
            {chain.ancestors.map((r) => (
              <ChainItem key={r.id} run={r} slug={run.projectSlug} />
            ))}
            <ChainItem run={run} slug={run.projectSlug} current />
            {chain.retries.map((r) => (
              <ChainItem key={r.id} run={r} slug={run.projectSlug} />
            ))}
          </ol>
        </CardContent>
      )}
    </Card>
  );
}

export function RetryChainSkeleton() {
  return <div aria-busy="true" className="h-28 animate-pulse rounded-lg border bg-muted/40 lg:col-span-2" />;
}
