import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { AccessContext } from "@/lib/auth/principal";
import { listStatusPages } from "@/lib/status-pages/store";
import { listOpenStatusIncidents } from "@/lib/status-pages/updates";
import { DeleteStatusPageButton } from "./delete-status-page-button";
import { StatusPageForm, type MonitorOption } from "./status-page-form";
import { StatusUpdateForm } from "./status-update-form";

/** Every page with its components (monitors named: this is the console), an update form, and for admins edit and delete. */
export async function StatusPageList({ access, isAdmin, monitors }: { access: AccessContext; isAdmin: boolean; monitors: MonitorOption[] }) {
  const [pages, open] = await Promise.all([listStatusPages(access), listOpenStatusIncidents(access)]);
  if (pages.length === 0) return <EmptyState title="No status pages yet" description={isAdmin ? "Create one above; it is public at /status/{slug} as soon as it is published." : "An admin can create a public status page."} />;
  const monitorName = new Map(monitors.map((m) => [m.id, m.name]));
  return (
    <ul className="flex flex-col gap-4" aria-label="Status pages">
      {pages.map((p) => (
        <li key={p.id}>
          <Card data-testid="status-page">
            <CardHeader>
              <div className="flex flex-wrap items-center gap-2">
                <CardTitle>{p.title}</CardTitle>
                <Badge tone={p.published ? "success" : "neutral"}>{p.published ? "published" : "unpublished"}</Badge>
                <a className="text-sm text-primary underline" href={`/admin/status-pages/${p.id}/preview`} target="_blank" rel="noreferrer">
                  Preview
                </a>
                {p.published ? (
                  <a className="text-sm text-primary underline" href={`/status/${p.slug}`} target="_blank" rel="noreferrer">
                    /status/{p.slug}
                  </a>
                ) : (
                  <span className="text-sm text-muted-foreground">/status/{p.slug} answers 404 while unpublished</span>
                )}
                {isAdmin ? (
                  <span className="ml-auto">
                    <DeleteStatusPageButton id={p.id} title={p.title} />
                  </span>
                ) : null}
              </div>
              <CardDescription>{p.description || "No description."}</CardDescription>
            </CardHeader>
            <CardContent className="flex flex-col gap-4">
              {p.components.length === 0 ? (
                <p className="text-sm text-muted-foreground">No components yet.</p>
              ) : (
                <ul className="text-sm" aria-label={`Components of ${p.title}`}>
                  {p.components.map((c) => (
                    <li key={c.id}>
                      {c.groupName ? <span className="text-muted-foreground">{c.groupName} / </span> : null}
                      <span className="font-medium">{c.displayName}</span> <span className="text-muted-foreground">← {c.monitorIds.map((id) => monitorName.get(id) ?? "a monitor").join(", ")}</span>
                    </li>
                  ))}
                </ul>
              )}
              <details>
                <summary className="cursor-pointer text-sm font-medium">Post an update</summary>
                <div className="pt-3">
                  <StatusUpdateForm pageId={p.id} open={open.filter((i) => i.pageId === p.id)} />
                </div>
              </details>
              {isAdmin ? (
                <details>
                  <summary className="cursor-pointer text-sm font-medium">Edit page</summary>
                  <div className="pt-3">
                    <StatusPageForm monitors={monitors} page={p} />
                  </div>
                </details>
              ) : null}
            </CardContent>
          </Card>
        </li>
      ))}
    </ul>
  );
}
