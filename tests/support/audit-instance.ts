// One "instance" of the audit path in a child process, against DATABASE_URL:
//   write N C   — starts the sequencer as every instance does, then records N events from
//                 C concurrent writers and prints "wrote N" (the sequencers of all
//                 instances race for the chain's lock meanwhile);
//   sequence L  — one sequencer batch of up to L events (the test kills it mid-batch).
import { recordAudit } from "../../lib/audit/record";
import { sequenceBatch, startAuditSequencer, stopAuditSequencer } from "../../lib/audit/sequencer";
import { closeDb, getDb } from "../../lib/db/client";

const [mode, a, b] = process.argv.slice(2);

if (mode === "write") {
  const total = Number(a);
  const concurrency = Number(b);
  startAuditSequencer(50);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        await getDb().transaction((tx) => recordAudit(tx, { action: "system.seed", actor: { type: "system", label: `pid ${process.pid}` }, changes: { i } }));
      }
    }),
  );
  stopAuditSequencer();
  process.stdout.write(`wrote ${total}\n`);
} else if (mode === "sequence") {
  process.stdout.write("sequencing\n");
  const n = await sequenceBatch(getDb(), Number(a));
  process.stdout.write(`sequenced ${n}\n`);
} else {
  throw new Error(`unknown mode ${mode}`);
}
await closeDb();
