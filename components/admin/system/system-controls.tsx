import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { SystemSearch } from "@/app/(console)/admin/system/search-params";
import type { AccessContext } from "@/lib/auth/principal";
import { ServiceError } from "@/lib/errors";
import { readCacheOverview } from "@/lib/system/cache-controls";
import { listBackgroundJobs } from "@/lib/system/jobs";
import { rateLimitSubjectSchema, readRateLimitState, type RateLimitState } from "@/lib/system/rate-limits";
import { CachePanel } from "./cache-panel";
import { JobsTable } from "./jobs-table";
import { RateLimitPanel } from "./rate-limit-panel";

/** The controls below the configuration: rate limits (subject from the URL), cache, jobs. */
export async function SystemControls({ access, search }: { access: AccessContext; search: SystemSearch }) {
  const parsed = search.rl ? rateLimitSubjectSchema.safeParse({ kind: search.rlKind, value: search.rl }) : null;
  let state: RateLimitState | null = null;
  const issue = parsed && !parsed.success ? parsed.error.issues[0] : undefined;
  let error: string | null = parsed && !parsed.success ? (issue?.message ?? "Choose a subject and enter a key, email or IP.") : null;
  // Which control the refusal is about: the subject list, or the value (also for lookup failures).
  const errorAt = issue?.path[0] === "kind" ? "kind" : "value";
  if (parsed?.success) {
    try {
      state = await readRateLimitState(access, parsed.data);
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      error = err.message;
    }
  }
  const [cache, jobs] = await Promise.all([readCacheOverview(access), listBackgroundJobs(access)]);
  return (
    <div className="mt-4 grid grid-cols-1 gap-4 lg:grid-cols-2">
      <Card>
        <CardHeader>
          <CardTitle>Rate limits</CardTitle>
          <CardDescription>What a key, user or address has left, and a reset.</CardDescription>
        </CardHeader>
        <CardContent>
          <RateLimitPanel subject={parsed?.success ? parsed.data : null} typed={search.rl ?? ""} state={state} error={error ? { at: errorAt, message: error } : null} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Cache</CardTitle>
          <CardDescription>This instance&apos;s counters; flushes reach every instance when Redis is configured.</CardDescription>
        </CardHeader>
        <CardContent>
          <CachePanel cache={cache} />
        </CardContent>
      </Card>
      <Card className="lg:col-span-2">
        <CardHeader>
          <CardTitle>Background jobs</CardTitle>
          <CardDescription>Each runs on one instance at a time, under a PostgreSQL advisory lock.</CardDescription>
        </CardHeader>
        <CardContent>
          <JobsTable jobs={jobs} />
        </CardContent>
      </Card>
    </div>
  );
}
