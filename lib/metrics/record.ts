// The pipeline's metrics hook. A no-op until the metrics issue wires prom-client in;
// handlers already call it with the route template (never a raw path).
export type RequestSample = { route: string; method: string; status: number; durationMs: number };

type Recorder = (sample: RequestSample) => void;
const holder = globalThis as unknown as { __opsdeckRecordRequest?: Recorder };

export function recordRequest(sample: RequestSample): void {
  holder.__opsdeckRecordRequest?.(sample);
}

export function setRequestRecorder(recorder: Recorder | undefined): void {
  holder.__opsdeckRecordRequest = recorder;
}
