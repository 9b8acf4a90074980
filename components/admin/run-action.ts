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
    async <T,>(call: () => Promise<ActionResult<T>>, success: string | ((data: T) => string)): Promise<{ data: T } | { error: string }> => {
      let result: ActionResult<T>;
      try {
        result = await call();
      } catch {
        result = { ok: false, code: "unavailable", error: "The server could not be reached. Try again." };
      }
      if (!result.ok) {
        const detail = result.fieldErrors ? Object.entries(result.fieldErrors).map(([k, v]) => `${k} ${v}`).join("; ") : undefined;
        toast({ title: result.error, description: detail, variant: "error" });
        return { error: detail ? `${result.error} ${detail}` : result.error };
      }
      toast({ title: typeof success === "function" ? success(result.data) : success, variant: "success" });
      router.refresh();
      return { data: result.data };
    },
    [router, toast],
  );
}
