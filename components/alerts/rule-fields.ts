import { formErrorsOf, type FormErrors } from "@/components/ui/form-field";
import { z } from "zod";
import { paramsByKind, type AlertKind } from "@/lib/alerts/schemas";

// The rule form's per-kind fields, read off the kind's zod schema (lib/alerts/schemas.ts):
// the same schema the action and the API validate with, so a new param or a changed limit
// shows up in the form without anyone restating it here.

export type ParamField =
  | { key: string; label: string; kind: "number"; required: boolean; min?: number; max?: number; integer: boolean; defaultValue?: number }
  | { key: string; label: string; kind: "text"; required: boolean; defaultValue?: string }
  | { key: string; label: string; kind: "choice"; required: boolean; options: string[]; defaultValue?: string }
  | { key: string; label: string; kind: "boolean"; required: boolean; defaultValue?: boolean };

const LABELS: Record<string, string> = {
  runKind: "Run kind",
  namePattern: "Run name pattern (regular expression)",
  windowSeconds: "Window (seconds)",
  threshold: "Failure share (0.01–1)",
  minRuns: "Minimum finished runs",
  queuedSeconds: "Queued longer than (seconds)",
  runningSeconds: "Running longer than (seconds)",
  intervalSeconds: "Expected every (seconds)",
  cron: "Or on a cron schedule",
  graceSeconds: "Grace (seconds)",
  route: "Route template (empty: every route)",
  quantile: "Quantile",
  thresholdMs: "Threshold (ms)",
  minRequests: "Minimum requests",
  thresholdPercent: "5xx share above (%)",
  fingerprint: "Fingerprint (empty: any)",
  statistic: "Statistic",
  includeDegraded: "Also while degraded (slow, or a certificate close to expiry)",
};

const finite = (n: number | null | undefined) => (typeof n === "number" && Number.isFinite(n) && Math.abs(n) < Number.MAX_SAFE_INTEGER ? n : undefined);

export function paramFieldsFor(kind: AlertKind): ParamField[] {
  const shape = (paramsByKind[kind] as unknown as z.ZodObject).shape;
  return Object.entries(shape).map(([key, schema]) => {
    let inner = schema as z.ZodType;
    let required = true;
    let defaultValue: unknown;
    for (;;) {
      if (inner instanceof z.ZodOptional) {
        required = false;
        inner = inner.unwrap() as z.ZodType;
      } else if (inner instanceof z.ZodDefault) {
        required = false;
        defaultValue = inner.def.defaultValue;
        inner = inner.unwrap() as z.ZodType;
      } else break;
    }
    const label = LABELS[key] ?? key;
    if (inner instanceof z.ZodNumber) return { key, label, kind: "number", required, min: finite(inner.minValue), max: finite(inner.maxValue), integer: !!inner.isInt, defaultValue: defaultValue as number | undefined };
    if (inner instanceof z.ZodBoolean) return { key, label, kind: "boolean", required, defaultValue: defaultValue as boolean | undefined };
    if (inner instanceof z.ZodEnum) return { key, label, kind: "choice", required, options: inner.options.map(String), defaultValue: defaultValue as string | undefined };
    return { key, label, kind: "text", required, defaultValue: defaultValue as string | undefined };
  });
}

/** The form's params: empty fields left out (the schema's defaults apply), numbers as numbers, a ticked box true. */
export function paramsFromForm(kind: AlertKind, data: FormData): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const field of paramFieldsFor(kind)) {
    if (field.kind === "boolean") {
      if (data.get(`params.${field.key}`) === "on") params[field.key] = true;
      continue;
    }
    const raw = String(data.get(`params.${field.key}`) ?? "").trim();
    if (raw === "") continue;
    params[field.key] = field.kind === "number" ? Number(raw) : raw;
  }
  return params;
}

/** "team=payments, env=prod" → { team: "payments", env: "prod" }; the schema judges the names. */
export function labelsFromText(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const part of text.split(/[,\n]/)) {
    const [k, ...v] = part.split("=");
    if (k?.trim()) labels[k.trim()] = v.join("=").trim();
  }
  return labels;
}

export const labelsToText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");

/** zod issues as each field's sentence (shown under the field). */
export function issuesOf(error: z.ZodError): FormErrors {
  return formErrorsOf(error.issues);
}
