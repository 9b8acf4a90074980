/**
 * Inline field errors, one way for every form: the message under the field, linked to it by
 * aria-describedby and aria-invalid, so a screen reader reads it with the field. `errors` is
 * the action's fieldErrors (field name → a sentence written in the schema).
 */
export type FieldErrors = Record<string, string> | undefined;

export function fieldErrorId(formId: string, name: string) {
  return `${formId}-${name}-error`;
}

/** Props for the input named `name`: invalid and described by its message when it has one. */
export function fieldA11y(formId: string, name: string, errors: FieldErrors) {
  const message = errors?.[name];
  return message ? { "aria-invalid": true as const, "aria-describedby": fieldErrorId(formId, name) } : {};
}

export function FieldError({ formId, name, errors }: { formId: string; name: string; errors: FieldErrors }) {
  const message = errors?.[name];
  if (!message) return null;
  return (
    <p id={fieldErrorId(formId, name)} data-testid="field-error" className="text-xs font-medium text-danger-text">
      {message}
    </p>
  );
}
