import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ScrollBox } from "@/components/ui/scroll-box";
import type { RunDto } from "@/lib/runs/dto";

function Row({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[8rem_minmax(0,1fr)] gap-2 py-1">
      <dt className="text-sm text-muted-foreground">{term}</dt>
      <dd className="min-w-0 text-sm wrap-anywhere">{children}</dd>
    </div>
  );
}

export function RunDetails({ run }: { run: RunDto }) {
  const hasMetadata = Object.keys(run.metadata).length > 0;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Details</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <dl>
          <Row term="Run id">
            <code className="font-mono text-xs">{run.id}</code>
          </Row>
          <Row term="Kind">{run.kind}</Row>
          <Row term="External id">{run.externalId ? <code className="font-mono text-xs">{run.externalId}</code> : "—"}</Row>
        </dl>
        <div>
          <h3 className="mb-1 text-sm text-muted-foreground">Metadata</h3>
          {hasMetadata ? (
            <ScrollBox label="Metadata" className="max-h-64 overflow-auto rounded-md bg-muted">
              <pre className="p-3 font-mono text-xs">{JSON.stringify(run.metadata, null, 2)}</pre>
            </ScrollBox>
          ) : (
            <p className="text-sm text-muted-foreground">The integration sent no metadata.</p>
          )}
        </div>
      </CardContent>
    </Card>
  );
}
