// The demo's raw material: projects, run names and log line templates. seed.ts turns it
// into rows with set-based SQL. Placeholders filled in per row: {n} a build number in run
// names, a small random number in log lines; {sha} short commit; {branch}; {env}; {ms};
// {dur} the run's duration; {slug} the project. A run's log walks through its kind's steps
// in the order listed here, once each, with progress lines (and the odd warning) between.

export const RUN_KINDS = ["ci", "deploy", "scheduled", "agent"] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** Log-normal duration per kind: median and spread, clamped to [min, max] seconds. */
export const KIND_DURATIONS: Record<RunKind, { median: number; sigma: number; min: number; max: number }> = {
  ci: { median: 270, sigma: 0.55, min: 60, max: 900 },
  deploy: { median: 380, sigma: 0.5, min: 120, max: 1200 },
  // Capped below an hour so every run older than an hour has finished.
  scheduled: { median: 150, sigma: 1.3, min: 10, max: 3300 },
  agent: { median: 320, sigma: 0.9, min: 30, max: 1800 },
};

export type DemoProject = {
  slug: string;
  name: string;
  description: string;
  /** Relative share of the runs. */
  weight: number;
  failureRate: number;
  kinds: Partial<Record<RunKind, number>>;
  names?: Partial<Record<RunKind, string[]>>;
  createdDaysAgo: number;
  archivedDaysAgo?: number;
};

export const DEFAULT_RUN_NAMES: Record<RunKind, string[]> = {
  ci: ["build #{n}"],
  deploy: ["deploy staging", "deploy staging", "deploy production", "deploy production", "deploy preview"],
  scheduled: ["nightly backup", "cleanup stale previews", "dependency audit"],
  agent: ["agent: triage issues", "agent: fix flaky tests", "agent: upgrade dependencies", "agent: review pull request"],
};

export const DEMO_PROJECTS: DemoProject[] = [
  {
    slug: "api-gateway",
    name: "API Gateway",
    description: "Edge routing, authentication and rate limiting for the public API (Envoy + Go).",
    weight: 14, failureRate: 0.07, createdDaysAgo: 410,
    kinds: { ci: 6, deploy: 3, scheduled: 0.6, agent: 0.6 },
    names: { scheduled: ["rotate TLS certificates", "nightly backup"] },
  },
  {
    slug: "billing-service",
    name: "Billing Service",
    description: "Subscriptions, invoices and Stripe webhooks. Owned by the payments team.",
    weight: 12, failureRate: 0.09, createdDaysAgo: 380,
    kinds: { ci: 6, deploy: 2.5, scheduled: 1, agent: 0.5 },
    names: { scheduled: ["nightly invoice run", "reconcile Stripe payouts", "nightly backup"] },
  },
  {
    slug: "web-frontend",
    name: "Web Frontend",
    description: "The customer-facing Next.js app: marketing pages, dashboard and checkout.",
    weight: 16, failureRate: 0.14, createdDaysAgo: 300,
    kinds: { ci: 7, deploy: 3, agent: 1 },
    names: { ci: ["build #{n}", "build #{n}", "e2e #{n}"], agent: ["agent: fix flaky tests", "agent: review pull request", "agent: update snapshots"] },
  },
  {
    slug: "data-pipeline",
    name: "Data Pipeline",
    description: "Hourly ingestion from Kafka into the warehouse, dbt models and data quality checks.",
    weight: 12, failureRate: 0.1, createdDaysAgo: 260,
    kinds: { ci: 2, deploy: 0.6, scheduled: 6, agent: 0.3 },
    names: { scheduled: ["hourly ingest", "hourly ingest", "nightly dbt run", "data quality checks"] },
  },
  {
    slug: "mobile-app",
    name: "Mobile App",
    description: "iOS and Android clients (React Native), built on every merge and shipped weekly.",
    weight: 8, failureRate: 0.12, createdDaysAgo: 220,
    kinds: { ci: 6, deploy: 1 },
    names: { deploy: ["release to TestFlight", "release to Play Console (internal)"] },
  },
  {
    slug: "infra-terraform",
    name: "Infrastructure",
    description: "Terraform for the AWS accounts: VPCs, EKS clusters, RDS and DNS.",
    weight: 6, failureRate: 0.08, createdDaysAgo: 500,
    kinds: { ci: 4, deploy: 2, scheduled: 1 },
    names: {
      ci: ["terraform plan #{n}"],
      deploy: ["terraform apply staging", "terraform apply production"],
      scheduled: ["drift detection"],
    },
  },
  {
    slug: "search-indexer",
    name: "Search Indexer",
    description: "Keeps the OpenSearch catalog index in sync with the product database.",
    weight: 7, failureRate: 0.06, createdDaysAgo: 190,
    kinds: { ci: 2, deploy: 0.7, scheduled: 5 },
    names: { scheduled: ["incremental sync", "incremental sync", "full reindex"] },
  },
  {
    slug: "auth-service",
    name: "Auth Service",
    description: "Sign-in, sessions, SSO (SAML and OIDC) and multi-factor authentication.",
    weight: 9, failureRate: 0.05, createdDaysAgo: 450,
    kinds: { ci: 6, deploy: 2, scheduled: 0.5, agent: 0.5 },
    names: { scheduled: ["expire stale sessions", "rotate signing keys"] },
  },
  {
    slug: "notifications",
    name: "Notifications",
    description: "Email, SMS and push delivery with per-tenant templates and bounce handling.",
    weight: 8, failureRate: 0.08, createdDaysAgo: 150,
    kinds: { ci: 5, deploy: 2, scheduled: 1.5 },
    names: { scheduled: ["process bounces", "digest emails"] },
  },
  {
    slug: "ml-training",
    name: "ML Training",
    description: "Ranking-model training and evaluation on GPU runners; promotes models that beat the baseline.",
    weight: 6, failureRate: 0.13, createdDaysAgo: 120,
    kinds: { ci: 1.5, scheduled: 3, agent: 2 },
    names: {
      scheduled: ["nightly training", "evaluate candidate model", "refresh feature store"],
      agent: ["agent: triage issues", "agent: label eval failures", "agent: summarize experiment"],
    },
  },
  {
    slug: "legacy-reports",
    name: "Legacy Reports",
    description: "The old PHP reporting app, replaced by the data pipeline. Kept read-only for its history.",
    weight: 3, failureRate: 0.18, createdDaysAgo: 900, archivedDaysAgo: 9,
    kinds: { ci: 2, deploy: 1, scheduled: 3 },
    names: { scheduled: ["monthly report export", "nightly backup"] },
  },
];

export const BRANCHES = [
  "feat/usage-based-billing", "feat/sso-groups", "fix/flaky-checkout-e2e", "fix/token-refresh-race",
  "chore/bump-node-22", "renovate/pg-8.x", "renovate/next-16.x", "perf/cache-catalog-queries",
  "feat/dark-mode", "fix/retry-webhooks", "refactor/split-invoice-module", "release/2025.06",
];

export const ACTORS = ["maria.k", "jlee", "priya-r", "tomasz", "sam-okafor", "renovate[bot]", "dependabot[bot]", "opsdeck-agent"];

export type LogPhase = "start" | "step" | "progress" | "warn" | "error" | "success" | "failure" | "cancel";

const COMMON = {
  start: ["Runner runner-{n} (ubuntu-24.04, 4 vCPU) picked up the job", "Job started on runner-{n}"],
  warn: [
    "Slow step: took {ms} ms longer than the last 20 runs' p95",
    "Retrying request to registry.internal (attempt 2/3)",
    "Cache miss for key {slug}-{sha}; falling back to a cold build",
  ],
  error: ["Error: connect ETIMEDOUT 10.0.3.{n}:5432; retrying in 2s", "Error: socket hang up (registry.internal); retrying"],
  cancel: ["Received cancellation request; stopping after the current step", "Run cancelled by an operator"],
};

export const LOG_TEMPLATES: Record<RunKind, Record<LogPhase, string[]>> = {
  ci: {
    ...COMMON,
    step: [
      "Checking out {sha} ({branch})",
      "Restoring cache node-modules-{sha}: hit, 412 MB in {ms} ms",
      "npm ci: added 1{n} packages in {ms} ms",
      "Running eslint on 6{n} files",
      "tsc --noEmit: no errors",
      "vitest: {n} tests passed in {ms} ms",
      "Building Docker image {slug}:{sha}",
      "Step 7/12: RUN npm run build",
      "Pushing image registry.internal/{slug}:{sha}",
      "Uploading artifact coverage.tar.gz (1{n} kB)",
      "Saving cache node-modules-{sha}",
    ],
    progress: [
      "  ✓ src/{slug}/module-{n}.test.ts ({ms} ms)",
      "Compiled {n} modules in {ms} ms",
      "Downloaded layer sha256:{sha}… ({n} MB)",
      "Wrote dist/chunks/{n}.js ({ms} B)",
      "  ✓ {n} assertions in {ms} ms",
    ],
    warn: [...COMMON.warn, "npm WARN deprecated inflight@1.0.6: this module leaks memory", "Slow test: checkout.spec.ts took {ms} ms"],
    success: ["Job succeeded in {dur}", "All checks passed ({dur})"],
    failure: [
      "Error: Process completed with exit code 1",
      "FAIL tests/invoice.test.ts > rounds totals half-up (expected 10.00, received 9.99)",
      "error TS2345: Argument of type 'string | undefined' is not assignable to parameter of type 'string'",
      "Error: Timed out after 30000 ms waiting for selector [data-test=checkout-submit]",
    ],
  },
  deploy: {
    ...COMMON,
    step: [
      "Deploying {slug}@{sha} to {env}",
      "Pulling image registry.internal/{slug}:{sha}",
      "Running database migrations (2 pending)",
      "Rolling update: pod {slug}-{sha}-{n} started",
      "Waiting for readiness: /api/health/ready answered 200 in {ms} ms",
      "Canary error rate 0.{n}% (threshold 2%)",
      "Shifting traffic: 10% → 50% → 100%",
      "Invalidating CDN cache for /static/*",
    ],
    progress: [
      "Pod {slug}-{sha}-{n} ready",
      "Health probe: 200 in {ms} ms",
      "Drained connections from an old pod in {ms} ms",
      "Waiting for {slug}-{sha}-{n} to pass readiness",
    ],
    success: ["Deploy of {sha} to {env} complete in {dur}", "Rollout finished: 6/6 replicas healthy"],
    failure: [
      "Error: readiness check failed: /api/health/ready returned 503 five times; rolled back to the previous release",
      "Error: timed out waiting for rollout: 2 of 6 updated replicas are available",
      "Error: migration 0042_add_invoice_index failed: lock timeout on table invoices",
    ],
  },
  scheduled: {
    ...COMMON,
    step: [
      "Triggered by schedule for {slug}",
      "Acquired lock {slug}:scheduled",
      "Loaded {n}00 changed records since the last run",
      "Indexed {n}00 documents in {ms} ms",
      "Vacuumed 1{n} expired rows",
      "Snapshot written to s3://opsdeck-demo-backups/{slug}/{sha}.dump",
    ],
    progress: [
      "Processed batch {n}: {ms} rows",
      "Copied {n} MB in {ms} ms",
      "Checkpoint at offset {n}{ms}",
      "Fetched page {n} of the source in {ms} ms",
    ],
    success: ["Finished in {dur}", "Completed: 0 errors, {n} items processed in {dur}"],
    failure: [
      "Error: pg_dump: connection to server failed: timeout expired",
      "Error: job exceeded its memory limit (2048 MiB) and was killed",
      "Error: upstream returned 429 Too Many Requests after 5 retries",
    ],
  },
  agent: {
    ...COMMON,
    step: [
      "Loaded repository context at {sha} ({branch})",
      "Tool call: search_issues(label:needs-triage) → {n} results",
      "Labelled issue #{n} as bug, area/billing",
      "Tool call: read_file(src/checkout/submit.ts)",
      "Drafted a patch touching 3 files",
      "Tool call: run_tests(tests/checkout) → passed in {ms} ms",
      "Token usage so far: {n}k",
      "Opened pull request #{n}",
    ],
    progress: [
      "Model response in {ms} ms",
      "Tool call: grep(\"TODO\") → {n} matches",
      "Tool call: read_file(src/lib/part-{n}.ts)",
      "Thinking… ({ms} ms)",
    ],
    success: ["Agent finished in {dur}: 1 pull request opened", "Agent finished in {dur}: nothing to change"],
    failure: [
      "Error: agent stopped: tool-call budget exhausted (50/50)",
      "Error: GitHub API rate limit exceeded (403); giving up",
      "Error: proposed patch failed the test suite twice; abandoning",
    ],
  },
};
