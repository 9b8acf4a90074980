import { Link } from "@/components/ui/link";
import { incidentsHref, type IncidentListSearch } from "@/app/(console)/incidents/search-params";
import { Select } from "@/components/admin/select";
import { Button, buttonClasses } from "@/components/ui/button";
import { Label } from "@/components/ui/input";

const STATUS_LABELS: Record<IncidentListSearch["status"], string> = { all: "All", active: "Open or acknowledged", open: "Open", acknowledged: "Acknowledged", resolved: "Resolved" };

/** A plain GET form: the filters become the URL, and it works before any JavaScript loads. */
export function IncidentFilters({ status, project, projects }: Pick<IncidentListSearch, "status" | "project"> & { projects: string[] }) {
  return (
    <form method="get" action={incidentsHref({})} role="search" aria-label="Filter incidents" className="mb-4 flex flex-wrap items-end gap-3">
      <div className="flex min-w-0 flex-col gap-1">
        <Label htmlFor="incident-status">Status</Label>
        <Select id="incident-status" name="status" defaultValue={status}>
          {Object.entries(STATUS_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex min-w-0 flex-col gap-1">
        <Label htmlFor="incident-project">Project</Label>
        <Select id="incident-project" name="project" defaultValue={project ?? ""}>
          <option value="">Any project</option>
          {projects.map((slug) => (
            <option key={slug} value={slug}>
              {slug}
            </option>
          ))}
        </Select>
      </div>
      <Button type="submit" variant="secondary">
        Apply
      </Button>
      {project || status !== "all" ? (
        <Link href={incidentsHref({})} className={buttonClasses({ variant: "ghost" })}>
          Clear
        </Link>
      ) : null}
    </form>
  );
}
