"use client";

import { useState, type FormEvent } from "react";
import { useRunAction } from "@/components/admin/run-action";
import type { ActionResult } from "@/lib/actions/define";

/**
 * A create form whose answer carries a one-time secret (a new key, a new user's password):
 * pending while the action runs; on success the form is cleared and the answer kept in
 * client state only, for OneTimeSecret, until dismissed. A refusal keeps the fields as typed
 * and hands back the per-field messages.
 */
export function useCreateForm<T>(call: (data: FormData) => Promise<ActionResult<T>>, success: (data: T) => string) {
  const run = useRunAction();
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<T | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string> | undefined>(undefined);

  async function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    setPending(true);
    const result = await run(() => call(data), success);
    setPending(false);
    setFieldErrors("fieldErrors" in result ? result.fieldErrors : undefined);
    if ("data" in result) {
      setCreated(result.data);
      form.reset();
    }
  }

  return {
    pending,
    created,
    /** Field name → the schema's sentence, from the last refused submit (FieldError shows them). */
    fieldErrors,
    dismiss: () => setCreated(null),
    onSubmit: (e: FormEvent<HTMLFormElement>) => {
      e.preventDefault();
      void submit(e.currentTarget);
    },
  };
}
