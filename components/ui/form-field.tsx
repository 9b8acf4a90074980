"use client";

import { Children, cloneElement, createContext, isValidElement, useContext, type ReactElement, type ReactNode } from "react";
import { Label } from "@/components/ui/input";
import { cn } from "@/lib/ui/cn";

// Parts for the console's forms (alerting, status pages): a labelled control that shows its
// own error under it (linked by aria-describedby, marked aria-invalid), and a summary.
// Errors are keyed by the input's name ("name", "params.thresholdMs", "to"): the schema's
// path, from the client-side check or the server's fieldErrors alike.

export type FormErrors = { messages: string[]; fields: Record<string, string> };
export const NO_ERRORS: FormErrors = { messages: [], fields: {} };

/**
 * A zod path as the input name it belongs to: the action's wrapper object dropped ("patch." of
 * an edit, or the one the form names, like "update."). List indexes stay ("components.2.displayName",
 * "to.1"): a control named after the list ("to") shows its items' first error.
 */
export function fieldKey(path: readonly PropertyKey[], wrapper = "patch"): string {
  const parts = path.map(String);
  return (parts[0] === wrapper ? parts.slice(1) : parts).join(".") || "input";
}

/** Issues (from zod, or an action's fieldErrors) as per-field sentences, the first per field. */
export function formErrorsOf(issues: { path: readonly PropertyKey[]; message: string }[], wrapper?: string): FormErrors {
  const fields: Record<string, string> = {};
  for (const i of issues) fields[fieldKey(i.path, wrapper)] ??= i.message;
  return { messages: [], fields };
}

/** What a refused action says: its field sentences under the fields, anything else in the summary. */
export function formErrorsOfResult(result: { error: string; fieldErrors?: Record<string, string> }, wrapper?: string): FormErrors {
  if (!result.fieldErrors || Object.keys(result.fieldErrors).length === 0) return { messages: [result.error], fields: {} };
  return formErrorsOf(
    Object.entries(result.fieldErrors).map(([key, message]) => ({ path: key.split("."), message })),
    wrapper,
  );
}

const FieldErrorsContext = createContext<Record<string, string>>({});

/** Wraps a form's fields so each Field finds its error by its control's name. */
export function FieldErrorsProvider({ errors, children }: { errors: FormErrors; children: ReactNode }) {
  return <FieldErrorsContext value={errors.fields}>{children}</FieldErrorsContext>;
}

function errorFor(fields: Record<string, string>, name: unknown): string | undefined {
  if (typeof name !== "string" || !name) return undefined;
  return fields[name] ?? Object.entries(fields).find(([key]) => key.startsWith(`${name}.`))?.[1];
}

/** A labelled control in the forms' grids, with its error (if any) under it. */
export function Field({ id, label, className, children }: { id: string; label: string; className?: string; children: ReactNode }) {
  const fields = useContext(FieldErrorsContext);
  const only = Children.count(children) === 1 && isValidElement(children) ? (children as ReactElement<{ name?: string; "aria-describedby"?: string }>) : null;
  const error = only ? errorFor(fields, only.props.name) : undefined;
  const errorId = `${id}-error`;
  return (
    <div className={cn("flex min-w-0 flex-col gap-1", className)}>
      <Label htmlFor={id}>{label}</Label>
      {only && error ? cloneElement(only, { "aria-invalid": true, "aria-describedby": errorId } as Record<string, unknown>) : children}
      {error ? (
        <p id={errorId} data-testid="field-error" className="text-xs font-medium text-danger-text">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** What was refused, announced when it appears: the server's message and each field's sentence (also under the field where it has one). */
export function ErrorSummary({ title, errors }: { title: string; errors: FormErrors }) {
  const all = [...errors.messages, ...Object.values(errors.fields)];
  if (all.length === 0) return null;
  return (
    <div role="alert" className="rounded-md border border-destructive px-3 py-2 text-sm text-destructive">
      <p className="font-medium">{title}</p>
      <ul className="list-disc pl-5">
        {[...new Set(all)].map((err) => (
          <li key={err}>{err}</li>
        ))}
      </ul>
    </div>
  );
}
