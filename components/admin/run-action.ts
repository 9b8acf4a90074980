"use client";

import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { useToast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/actions/define";

/**
 * Runs a server action from a client component: a success toasts and refreshes the server
 * components (so lists show the change); a failure toasts and is returned as a message, which
 * ConfirmDialog shows inside the dialog. Resolves to the data, or null after a failure.
 */
export function useRunAction() {
  const router = useRouter();
  const { toast } = useToast();
  return useCallback(
    async <T,>(call: () => Promise<ActionResult<T>>, success: string | ((data: T) => string)): Promise<{ data: T } | { error: string; fieldErrors?: Record<string, string> }> => {
      let result: ActionResult<T>;
      try {
        result = await call();
      } catch {
        result = { ok: false, code: "unavailable", error: "The server could not be reached. Try again." };
      }
      if (!result.ok) {
        // Field messages are sentences from the schema; a form shows them under its fields
        // (FieldError), and the toast only points there.
        const messages = result.fieldErrors ? Object.values(result.fieldErrors) : [];
        toast({ title: result.error, description: messages.length ? "The fields that need a change say why." : undefined, variant: "error" });
        return { error: messages.length ? `${result.error} ${messages.join(" ")}` : result.error, fieldErrors: result.fieldErrors };
      }
      toast({ title: typeof success === "function" ? success(result.data) : success, variant: "success" });
      router.refresh();
      return { data: result.data };
    },
    [router, toast],
  );
}
