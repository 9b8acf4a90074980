import { parseArgs } from "node:util";
import { registerServerLayer } from "./server-layer";

// `npm run bench [-- name…] [--runs N]`: each benchmark prints its figures and the ratio to
// a baseline measured in the same process, so machine speed cancels out. --runs sets the
// deep-page size (BENCH_RUNS, default 1,000,000); the other sizes are BENCH_* variables
// (see each benchmark). Benchmarks report; they never fail a test run over a missed target.
const USAGE = "usage: npm run bench [-- <name>…] [--runs N]";
let parsed;
try {
  parsed = parseArgs({ options: { only: { type: "string" }, runs: { type: "string" }, help: { type: "boolean", short: "h" } }, allowPositionals: true });
} catch (err) {
  console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = parsed;
// The sizes are read when the benchmark modules load, so they are set before the import.
if (values.runs !== undefined) {
  if (!/^[1-9][\d_]*$/.test(values.runs)) {
    console.error(`--runs must be a positive whole number (got ${values.runs})\n${USAGE}`);
    process.exit(2);
  }
  process.env.BENCH_RUNS = values.runs;
}

registerServerLayer();
const { benchmarks } = await import("./registry");
const { stopBenchServer } = await import("./database");

const names = [...positionals, ...(values.only ? [values.only] : [])];
if (values.help) {
  console.log(`${USAGE}\n\n${benchmarks.map((b) => `  ${b.name.padEnd(18)} ${b.description}`).join("\n")}`);
  process.exit(0);
}
const unknown = names.filter((n) => !benchmarks.some((b) => b.name === n));
if (unknown.length) {
  console.error(`no benchmark named ${unknown.join(", ")}; known: ${benchmarks.map((b) => b.name).join(", ")}`);
  process.exit(2);
}
const selected = benchmarks.filter((b) => (names.length === 0 && !b.onlyByName) || names.includes(b.name));

let failed = false;
const started = performance.now();
for (const bench of selected) {
  console.log(`\n== ${bench.name}: ${bench.description}`);
  const benchStarted = performance.now();
  try {
    const result = await bench.run();
    for (const line of result.lines) console.log(`   ${line}`);
    const verdict = result.target ? (result.target.met ? "meets" : "MISSES") + ` target ${result.target.text}` : "";
    console.log(`   ratio: ${result.ratio.toFixed(2)} ${verdict}`);
  } catch (err) {
    failed = true;
    console.error(`   failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
  console.log(`   (${((performance.now() - benchStarted) / 1000).toFixed(1)} s)`);
}
await stopBenchServer();
console.log(`\n${selected.length} benchmark(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
