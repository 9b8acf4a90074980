import { alertEvalBench } from "./alert-eval";
import { auditAppendBench } from "./audit-append";
import { auditExportBench } from "./audit-export";
import { batchIngestBench } from "./batch-ingest";
import { concurrentWritesBench } from "./concurrent-writes";
import { dashboardsBench } from "./dashboards";
import { deepPageBench } from "./deep-page";
import { etag304Bench } from "./etag-304";
import { metricsQueryBench, metricsRecordBench } from "./metrics";
import { pipelineOverheadBench } from "./pipeline-overhead";

export type BenchResult = { lines: string[]; ratio: number; target?: { text: string; met: boolean } };
export type Bench = { name: string; description: string; run(): Promise<BenchResult> };

export const benchmarks: Bench[] = [auditAppendBench, deepPageBench, pipelineOverheadBench, etag304Bench, batchIngestBench, concurrentWritesBench, auditExportBench, metricsRecordBench, metricsQueryBench, alertEvalBench, dashboardsBench];
