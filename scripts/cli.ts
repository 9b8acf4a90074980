import { parseArgs, type ParseArgsConfig } from "node:util";
import { ZodError } from "zod";
import type { Actor } from "../lib/audit/record";
import { BREAK_REASONS, verifyAuditChain } from "../lib/audit/verify";
import { parseConfig, type Config } from "../lib/config";
import { closeDb, getDb } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { roleEnum, type Role } from "../lib/db/schema";
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
  audit verify                               check the audit hash chain (from the latest retention
                                             checkpoint; against AUDIT_ANCHOR_FILE when set);
                                             exit 1 with the first bad seq and why
  help                                       show this text

roles: ${roleEnum.enumValues.join(", ")}
example: printf '%s\\n' "$PASSWORD" | npm run cli -- user create --email ana@example.com --role admin`;

class UsageError extends Error {}

const CLI_ACTOR: Actor = { type: "system", label: "cli" };
const log = (line: string) => console.error(`[opsdeck] ${line}`);

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;
type Command = { options: NonNullable<ParseArgsConfig["options"]>; run(values: Values, config: Config): Promise<number> };

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
  await withDatabase(config, (url) => migrateDatabase(url));
  console.log("migrations applied");
  return 0;
}

async function seed(values: Values, config: Config): Promise<number> {
  const demo = values.demo === true || config.OPSDECK_DEMO;
  if (!demo) throw new DemoModeRequiredError(); // before starting a server for nothing
  const runs = values.runs === undefined ? undefined : Number(values.runs);
  if (runs !== undefined && !Number.isInteger(runs)) throw new UsageError("--runs must be a whole number");
  const result = await withDatabase(config, async (url) => {
    await migrateDatabase(url);
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
  if (!roleEnum.enumValues.includes(role as Role)) throw new UsageError(`--role must be one of ${roleEnum.enumValues.join(", ")}`);
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

const COMMANDS: Record<string, Command> = {
  migrate: { options: {}, run: migrate },
  seed: { options: { demo: { type: "boolean" }, runs: { type: "string" } }, run: seed },
  "user create": { options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" } }, run: userCreate },
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
  try {
    ({ values } = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  // parseConfig, not getConfig: getConfig caches, and getDb() must see the DATABASE_URL set above.
  return command.run(values, parseConfig(process.env));
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
