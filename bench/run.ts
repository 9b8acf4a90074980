import { parseArgs } from "node:util";
import { registerServerLayer } from "./server-layer";

registerServerLayer();
const { benchmarks } = await import("./registry");
const { stopBenchServer } = await import("./database");

// `npm run bench [-- --only name]`: each benchmark prints its figures and the ratio to a
// baseline measured in the same process, so machine speed cancels out.
const { values } = parseArgs({ options: { only: { type: "string" } } });

const selected = benchmarks.filter((b) => !values.only || b.name === values.only);
if (selected.length === 0) {
  console.error(`no benchmark named ${values.only}; known: ${benchmarks.map((b) => b.name).join(", ")}`);
  process.exit(2);
}

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
