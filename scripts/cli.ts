import { parseArgs, type ParseArgsConfig } from "node:util";
import { ZodError } from "zod";
import type { Actor } from "../lib/request/meta";
import { BREAK_REASONS, verifyAuditChain } from "../lib/audit/verify";
import { parseConfig, type Config } from "../lib/config";
import { closeDb, directUrl, getDb } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { apiKeyCreateSchema } from "../lib/api-keys/schemas";
import { insertApiKey, listAllApiKeys, revokeApiKeyRow } from "../lib/api-keys/store";
import { SCOPES } from "../lib/auth/scopes";
import { ROLES, type Role } from "../lib/auth/roles";
import { benchProjectSlug, generateRuns } from "../lib/demo/generate-runs";
import { NotFoundError } from "../lib/errors";
import { DEMO_PASSWORD, DemoModeRequiredError, seedDemo } from "../lib/demo/seed";
import { createUser, PASSWORD_MIN_LENGTH, userCreateSchema } from "../lib/users/create";
import { openDatabase } from "./lib/database";
import { readSecret } from "./lib/stdin";

// `npm run cli -- <command>`: operations against the configured database (DATABASE_URL,
// else the embedded server in OPSDECK_DATA_DIR, joined if `npm start` is running it).
// Results go to stdout, progress to stderr; exit 0 ok, 1 failed, 2 usage error.

const USAGE = `usage: npm run cli -- <command>

commands:
  migrate                                    apply pending database migrations
  seed --demo [--runs N]                     migrate, then load the demo data (demo mode only;
                                             also allowed with OPSDECK_DEMO=1)
  user create --email E --role R [--name N]  create a user; the password is read from stdin
                                             (first line, at least ${PASSWORD_MIN_LENGTH} characters)
  api-key create --name N --scopes a,b [--project SLUG] [--expires-in-days D]
                                             create an API key; prints its details, then the
                                             key alone on the last line (shown this once)
  api-key revoke ID                          revoke a key; effective on its next request
  api-key list                               list keys (id, prefix, scopes, state; never secrets)
  generate --runs N [--project SLUG]         bulk-insert N generated runs for load tests and
                                             benchmarks (into bench-01, or an existing project)
  audit verify                               check the audit hash chain (from the latest retention
                                             checkpoint; against AUDIT_ANCHOR_FILE when set);
                                             exit 1 with the first bad seq and why
  help                                       show this text

roles: ${ROLES.join(", ")}
scopes: ${SCOPES.join(", ")}
examples: printf '%s\\n' "$PASSWORD" | npm run cli -- user create --email ana@example.com --role admin
          npm run cli -- api-key create --name ci --scopes runs:read,runs:write --project web | tail -n 1`;

class UsageError extends Error {}

const CLI_ACTOR: Actor = { type: "system", label: "cli" };
const log = (line: string) => console.error(`[opsdeck] ${line}`);

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;
type Command = {
  options: NonNullable<ParseArgsConfig["options"]>;
  /** Names of the positional arguments, all required. */
  positionals?: string[];
  run(values: Values, config: Config, positionals: string[]): Promise<number>;
};

/** Opens the database for one command and always releases it (pool, then an embedded server we started). */
async function withDatabase<T>(config: Config, fn: (url: string) => Promise<T>): Promise<T> {
  const database = await openDatabase(config, log);
  process.env.DATABASE_URL = database.url; // read by getDb() on first use
  try {
    return await fn(database.url);
  } finally {
    await closeDb();
    await database.stop();
  }
}

async function migrate(_values: Values, config: Config): Promise<number> {
  await withDatabase(config, (url) => migrateDatabase(directUrl(config, url)!));
  console.log("migrations applied");
  return 0;
}

async function seed(values: Values, config: Config): Promise<number> {
  const demo = values.demo === true || config.OPSDECK_DEMO;
  if (!demo) throw new DemoModeRequiredError(); // before starting a server for nothing
  const runs = values.runs === undefined ? undefined : Number(values.runs);
  if (runs !== undefined && !Number.isInteger(runs)) throw new UsageError("--runs must be a whole number");
  const result = await withDatabase(config, async (url) => {
    await migrateDatabase(directUrl(config, url)!);
    return seedDemo(getDb(), { demo, runs, actor: CLI_ACTOR });
  });
  if (result.skipped) {
    console.log(`nothing to do: ${result.reason}`);
  } else {
    console.log(`demo data seeded in ${result.ms} ms:`);
    console.log(`  projects   ${result.projects}`);
    console.log(`  runs       ${result.runs}`);
    console.log(`  log lines  ${result.logLines}`);
    console.log(`  users      ${result.users.join(", ")} (password "${DEMO_PASSWORD}")`);
  }
  return 0;
}

async function userCreate(values: Values, config: Config): Promise<number> {
  const { email, role, name } = values;
  if (typeof email !== "string" || typeof role !== "string") throw new UsageError("user create needs --email and --role");
  if (!ROLES.includes(role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
  const password = await readSecret("Password: ");
  if (password === "") {
    throw new Error("no password given: pipe it on stdin, e.g. printf '%s\\n' \"$PASSWORD\" | npm run cli -- user create …");
  }
  if (password.length < PASSWORD_MIN_LENGTH) throw new Error(`password too short: use at least ${PASSWORD_MIN_LENGTH} characters`);
  // Validate before starting a database, so a typo costs nothing.
  const input = userCreateSchema.parse({ email, role, name: typeof name === "string" ? name : undefined, password });
  const user = await withDatabase(config, () => getDb().transaction((tx) => createUser(tx, input, CLI_ACTOR)));
  log(`created ${user.role} ${user.email}`);
  console.log(user.id);
  return 0;
}

async function auditVerify(_values: Values, config: Config): Promise<number> {
  const anchorFile = config.AUDIT_ANCHOR_FILE;
  const result = await withDatabase(config, () => verifyAuditChain(getDb(), { anchorFile }));
  if (result.ok) {
    const from = result.checkpointSeq === null ? "" : `, from checkpoint seq ${result.checkpointSeq}`;
    const anchor = anchorFile ? (result.anchorSeq === null ? `; anchor file started (${anchorFile})` : `; matches anchor seq ${result.anchorSeq}`) : "";
    console.log(`audit chain OK: ${result.checked} events, last seq ${result.lastSeq}${from}${anchor}`);
    return 0;
  }
  console.log(`audit chain BROKEN at seq ${result.badSeq}: ${BREAK_REASONS[result.reason]}`);
  return 1;
}

/** A whole number ≥ min from an option, or a usage error naming it. */
function wholeNumber(value: unknown, option: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === "string" && /^\d[\d_]*$/.test(value) ? Number(value.replace(/_/g, "")) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`${option} must be a whole number from ${min} to ${max.toLocaleString("en-US")}`);
  return n;
}

async function apiKeyCreate(values: Values, config: Config): Promise<number> {
  const { name, scopes, project } = values;
  if (typeof name !== "string" || typeof scopes !== "string") throw new UsageError("api-key create needs --name and --scopes");
  const requested = scopes.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = requested.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (requested.length === 0 || unknown.length) {
    throw new UsageError(`--scopes: ${unknown.length ? `unknown scope ${unknown.join(", ")}` : "none given"}; use a comma-separated list of ${SCOPES.join(", ")}`);
  }
  const days = wholeNumber(values["expires-in-days"], "--expires-in-days", 1, 3650);
  const input = apiKeyCreateSchema.parse({
    name,
    scopes: requested,
    projectSlug: typeof project === "string" ? project : undefined,
    expiresAt: days === undefined ? undefined : new Date(Date.now() + days * 86_400_000),
  });
  const { key, apiKey, expiresAt } = await withDatabase(config, () =>
    getDb().transaction(async (tx) => ({ ...(await insertApiKey(tx, input, CLI_ACTOR)), expiresAt: input.expiresAt })),
  );
  log("store the key now: it is shown only this once");
  console.log(`created API key "${apiKey.name}"`);
  console.log(`  id       ${apiKey.id}`);
  console.log(`  prefix   ${apiKey.prefix}…`);
  console.log(`  scopes   ${apiKey.scopes.join(", ")}`);
  console.log(`  project  ${input.projectSlug ?? "(all projects)"}`);
  console.log(`  expires  ${expiresAt ? expiresAt.toISOString() : "never"}`);
  console.log(key);
  return 0;
}

async function apiKeyRevoke(_values: Values, config: Config, [id]: string[]): Promise<number> {
  await withDatabase(config, () =>
    getDb()
      .transaction((tx) => revokeApiKeyRow(tx, id!, CLI_ACTOR))
      .catch((err: unknown) => {
        throw err instanceof NotFoundError ? new Error(`no active API key with id ${id}`) : err;
      }),
  );
  console.log(`revoked API key ${id}`);
  return 0;
}

async function apiKeyList(_values: Values, config: Config): Promise<number> {
  const keys = await withDatabase(config, () => listAllApiKeys(getDb()));
  if (keys.length === 0) {
    console.log("no API keys");
    return 0;
  }
  const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "-");
  const rows = [
    ["ID", "PREFIX", "NAME", "STATE", "SCOPES", "PROJECT", "CREATED", "EXPIRES", "LAST USED"],
    ...keys.map((k) => [k.id, `${k.prefix}…`, k.name, k.state, k.scopes.join(","), k.projectSlug ?? "*", day(k.createdAt), day(k.expiresAt), day(k.lastUsedAt)]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const row of rows) console.log(row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]!))).join("  "));
  return 0;
}

async function generate(values: Values, config: Config): Promise<number> {
  const runs = wholeNumber(values.runs, "--runs", 1, 100_000_000);
  if (runs === undefined) throw new UsageError("generate needs --runs N");
  const projectSlug = typeof values.project === "string" ? values.project : undefined;
  const result = await withDatabase(config, async (url) => {
    await migrateDatabase(directUrl(config, url)!);
    return generateRuns(getDb(), {
      runs,
      projectSlug,
      actor: CLI_ACTOR,
      onProgress: (done, total) => log(`generated ${done.toLocaleString("en-US")} / ${total.toLocaleString("en-US")} runs`),
    });
  });
  console.log(`generated ${result.runs.toLocaleString("en-US")} runs in ${projectSlug ?? benchProjectSlug(1)} in ${(result.ms / 1000).toFixed(1)} s`);
  return 0;
}

const COMMANDS: Record<string, Command> = {
  migrate: { options: {}, run: migrate },
  seed: { options: { demo: { type: "boolean" }, runs: { type: "string" } }, run: seed },
  "user create": { options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" } }, run: userCreate },
  "api-key create": {
    options: { name: { type: "string" }, scopes: { type: "string" }, project: { type: "string" }, "expires-in-days": { type: "string" } },
    run: apiKeyCreate,
  },
  "api-key revoke": { options: {}, positionals: ["ID"], run: apiKeyRevoke },
  "api-key list": { options: {}, run: apiKeyList },
  generate: { options: { runs: { type: "string" }, project: { type: "string" } }, run: generate },
  "audit verify": { options: {}, run: auditVerify },
};

function findCommand(argv: string[]): [Command, string[]] | undefined {
  const two = COMMANDS[argv.slice(0, 2).join(" ")];
  if (two && argv.length >= 2) return [two, argv.slice(2)];
  const one = COMMANDS[argv[0] ?? ""];
  return one ? [one, argv.slice(1)] : undefined;
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === "help" || argv[0] === "--help" || argv[0] === "-h") {
    console.log(USAGE);
    return 0;
  }
  if (argv.length === 0) throw new UsageError("no command given");
  const found = findCommand(argv);
  if (!found) throw new UsageError(`unknown command: ${argv.join(" ")}`);
  const [command, rest] = found;
  let values: Values;
  let positionals: string[];
  const expected = command.positionals ?? [];
  try {
    ({ values, positionals } = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: expected.length > 0 }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (positionals.length !== expected.length) throw new UsageError(`${argv.slice(0, 2).join(" ")} takes ${expected.join(" ")}`);
  // parseConfig, not getConfig: getConfig caches, and getDb() must see the DATABASE_URL set above.
  return command.run(values, parseConfig(process.env), positionals);
}

/** One line, no stack: the cause's message for a wrapped query error, the first error of an AggregateError. */
function describe(err: unknown): string {
  if (err instanceof ZodError) return err.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ");
  let e: unknown = err;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  if (e instanceof AggregateError && e.errors[0] instanceof Error) e = e.errors[0];
  const message = e instanceof Error ? e.message || (e as { code?: string }).code || e.name : String(e);
  return message.split("\n")[0]!;
}

function report(err: unknown): number {
  if (err instanceof UsageError) {
    console.error(`${err.message}\n\n${USAGE}`);
    return 2;
  }
  console.error(`error: ${describe(err)}`);
  return 1;
}

main(process.argv.slice(2))
  .catch(report)
  .then((code) => process.exit(code));
