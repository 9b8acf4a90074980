import "server-only";
import { lt, sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { withoutQueryRecording } from "../db/query-context";
import { addBucketArrays } from "../metrics/histogram";
import { slowQueryMinutes, slowQuerySamples, slowQueryTexts } from "../db/schema";
import { dropPartitionsBefore } from "../history/partitions";
import { historyCutoff } from "../jobs/retention";
import { slowQueryRecorder, type SlowQueryRecorder } from "./recorder";
import { log } from "../log/logger";

// From the recorder's memory to PostgreSQL. Minutes carry no instance id: two instances
// flushing the same (minute, fingerprint, route) add up in the upsert, histograms included.

/** Samples kept per fingerprint in the database; older ones go at retention time. */
export const SAMPLES_PER_FINGERPRINT = 200;

export type FlushResult = { texts: number; minutes: number; samples: number; dropped: number };

export async function flushSlowQueries(recorder: SlowQueryRecorder = slowQueryRecorder()): Promise<FlushResult> {
  await recorder.drain();
  const batch = recorder.takeBatch();
  const result = { texts: batch.texts.length, minutes: batch.minutes.length, samples: batch.samples.length, dropped: batch.dropped };
  if (batch.minutes.length === 0 && batch.texts.length === 0) return result;
  if (batch.dropped > 0) log("slow-queries").warn({ dropped: batch.dropped }, "slow queries over the recorder caps were not recorded");
  try {
    // The recorder's own writes are never recorded, or a low threshold would feed itself.
    await withoutQueryRecording(() =>
      getDb().transaction(async (tx) => {
        if (batch.texts.length > 0) {
          await tx
            .insert(slowQueryTexts)
            .values(batch.texts)
            .onConflictDoUpdate({
              target: slowQueryTexts.fingerprint,
              set: {
                firstSeen: sql`least(${slowQueryTexts.firstSeen}, excluded.first_seen)`,
                lastSeen: sql`greatest(${slowQueryTexts.lastSeen}, excluded.last_seen)`,
              },
            });
        }
        if (batch.minutes.length > 0) {
          await tx
            .insert(slowQueryMinutes)
            .values(batch.minutes)
            .onConflictDoUpdate({
              target: [slowQueryMinutes.bucketStart, slowQueryMinutes.fingerprint, slowQueryMinutes.route],
              set: {
                calls: sql`${slowQueryMinutes.calls} + excluded.calls`,
                totalMs: sql`${slowQueryMinutes.totalMs} + excluded.total_ms`,
                maxMs: sql`greatest(${slowQueryMinutes.maxMs}, excluded.max_ms)`,
                buckets: addBucketArrays(sql`${slowQueryMinutes.buckets}`, sql.raw("excluded.buckets")),
              },
            });
        }
        if (batch.samples.length > 0) await tx.insert(slowQuerySamples).values(batch.samples);
      }),
    );
  } catch (err) {
    recorder.restore(batch);
    throw err;
  }
  return result;
}

/**
 * Drops history older than METRICS_RETENTION_DAYS (per-minute aggregates a day partition at a
 * time, samples and texts row by row) and keeps the newest samples per fingerprint.
 */
export async function pruneSlowQueries(now = new Date()): Promise<{ minutePartitions: number; minutes: number; samples: number; texts: number }> {
  const cutoff = historyCutoff(now);
  const minutes = await dropPartitionsBefore("slow_query_minutes", cutoff);
  return withoutQueryRecording(async () => {
    const db = getDb();
    const old = await db.delete(slowQuerySamples).where(lt(slowQuerySamples.occurredAt, cutoff));
    const surplus = await db.execute(sql`
      DELETE FROM slow_query_samples WHERE id IN (
        SELECT id FROM (
          SELECT id, row_number() OVER (PARTITION BY fingerprint ORDER BY occurred_at DESC, id DESC) AS n FROM slow_query_samples
        ) ranked WHERE n > ${SAMPLES_PER_FINGERPRINT})`);
    const texts = await db.delete(slowQueryTexts).where(lt(slowQueryTexts.lastSeen, cutoff));
    return { minutePartitions: minutes.partitions, minutes: minutes.strayRows, samples: (old.rowCount ?? 0) + (surplus.rowCount ?? 0), texts: texts.rowCount ?? 0 };
  });
}
