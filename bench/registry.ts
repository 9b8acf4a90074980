import { alertEvalBench } from "./alert-eval";
import { auditAppendBench } from "./audit-append";
import { auditExportBench } from "./audit-export";
import { singleIngestBench } from "./single-ingest";
import { soakBench } from "./soak";
import { batchIngestBench } from "./batch-ingest";
import { compressionBench } from "./compression";
import { concurrentWritesBench } from "./concurrent-writes";
import { dashboardsBench } from "./dashboards";
import { deepPageBench } from "./deep-page";
import { etag304Bench } from "./etag-304";
import { metricsQueryBench, metricsRecordBench } from "./metrics";
import { pipelineOverheadBench } from "./pipeline-overhead";
import { retentionBench } from "./retention";
import { statusPageBench } from "./status-page";

export type BenchResult = { lines: string[]; ratio: number; target?: { text: string; met: boolean } };
export type Bench = { name: string; description: string; run(): Promise<BenchResult>; /** Long (minutes): runs only when named. */ onlyByName?: boolean };

export const benchmarks: Bench[] = [auditAppendBench, deepPageBench, pipelineOverheadBench, etag304Bench, batchIngestBench, concurrentWritesBench, auditExportBench, metricsRecordBench, metricsQueryBench, alertEvalBench, compressionBench, singleIngestBench, soakBench, retentionBench, statusPageBench, dashboardsBench];
