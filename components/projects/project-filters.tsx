import { Link } from "@/components/ui/link";
import { projectsHref, type ProjectListSearch } from "@/app/(console)/projects/search-params";
import { Button, buttonClasses } from "@/components/ui/button";
import { FilterForm } from "@/components/ui/filter-form";
import { Input, Label } from "@/components/ui/input";
import { SortFields } from "@/components/ui/sort-head";

/** A plain GET form: the filters become the URL, and it works before any JavaScript loads. */
export function ProjectFilters({ q, status, sort, order }: Pick<ProjectListSearch, "q" | "status" | "sort" | "order">) {
  return (
    <FilterForm values={{ q, status, sort, order }} action={projectsHref({})} role="search" aria-label="Filter projects" className="mb-4 flex flex-wrap items-end gap-3">
      <div className="flex min-w-56 flex-1 flex-col gap-1">
        <Label htmlFor="project-q">Search</Label>
        <Input id="project-q" name="q" type="search" defaultValue={q ?? undefined} placeholder="Name or slug" />
      </div>
      <div className="flex min-w-0 flex-col gap-1">
        <Label htmlFor="project-status">Status</Label>
        <select id="project-status" name="status" defaultValue={status} className="h-9 rounded-md border border-input bg-background px-3 text-sm">
          <option value="active">Active</option>
          <option value="archived">Archived</option>
          <option value="all">All</option>
        </select>
      </div>
      <SortFields sort={sort} order={order} defaultSort="created" />
      <Button type="submit" variant="secondary">
        Apply
      </Button>
      {q || status !== "active" ? (
        <Link href={projectsHref({})} className={buttonClasses({ variant: "ghost" })}>
          Clear
        </Link>
      ) : null}
    </FilterForm>
  );
}
