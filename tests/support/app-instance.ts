// One Opsdeck instance in a child process, for tests with several instances on one
// PostgreSQL and one Redis: the /api/v1 route modules behind a loopback server (the real
// pipeline: auth, rate limits on REDIS_URL, idempotency, audit), the audit sequencer and the
// job scheduler as lib/boot.ts starts them. Prints "listening <url>" when ready.
//
// Test-only additions, so the tests can see what is otherwise internal:
// - GET /__test/cached-project/<id>: the project's name through the app's tagged cache
//   (L1 in this process, L2 and invalidations over Redis), loaded with a 60 s TTL;
// - a job "test.exclusive" (every 100 ms, under the scheduler's lock like every job) that
//   records its start and end in test_job_runs, so overlaps between instances are visible.
//   It runs 150–250 ms at random: with a fixed length, one instance's ticks can fall into
//   step with the other's releases and win the lock every time (seen once in CI).
import { eq, sql } from "drizzle-orm";
import { startAuditSequencer } from "../../lib/audit/sequencer";
import { cached } from "../../lib/cache/tags";
import { getDb } from "../../lib/db/client";
import { projects } from "../../lib/db/schema";
import { registerJob, startJobs } from "../../lib/jobs/scheduler";
import { projectTag } from "../../lib/runs/create";
import { routeHandler } from "./route-server";
import { serve } from "./serve";

const name = process.env.TEST_INSTANCE_NAME ?? `pid-${process.pid}`;
const api = routeHandler();

registerJob({
  name: "test.exclusive",
  intervalMs: 100,
  run: async () => {
    const started = new Date();
    await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 100));
    await getDb().execute(sql`INSERT INTO test_job_runs (instance, started_at, finished_at) VALUES (${name}, ${started}, now())`);
  },
});

const served = await serve(async (request) => {
  const { pathname } = new URL(request.url);
  const match = /^\/__test\/cached-project\/([0-9a-f-]{36})$/.exec(pathname);
  if (match) {
    const id = match[1]!;
    const value = await cached(`test-project-name:${id}`, { ttlMs: 60_000, tags: [projectTag(id)] }, async () => {
      const [row] = await getDb().select({ name: projects.name }).from(projects).where(eq(projects.id, id));
      return row?.name ?? null;
    });
    return Response.json({ name: value, instance: name });
  }
  return api(request);
});
startAuditSequencer();
startJobs();
process.stdout.write(`listening ${served.url}\n`);
process.on("SIGTERM", () => void served.close().then(() => process.exit(0)));
