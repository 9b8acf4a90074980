"use client";

import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import { cx } from "@/lib/ui/cn";

// Toasts announce the outcome of an action. The region is a polite live region, so screen
// readers hear the outcome; errors stay until dismissed, successes fade after a few seconds.

export type ToastInput = { title: string; description?: string; variant?: "success" | "error" | "info" };
type ToastItem = ToastInput & { id: number };

const ToastContext = createContext<{ toast: (t: ToastInput) => void } | null>(null);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setItems((all) => all.filter((t) => t.id !== id)), []);
  const toast = useCallback(
    (t: ToastInput) => {
      const id = next.current++;
      setItems((all) => [...all.slice(-4), { ...t, id }]);
      if (t.variant !== "error") setTimeout(() => dismiss(id), 5_000);
    },
    [dismiss],
  );
  const value = useMemo(() => ({ toast }), [toast]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div role="status" aria-live="polite" className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-80 flex-col gap-2">
        {items.map((t) => (
          <div
            key={t.id}
            data-testid="toast"
            data-variant={t.variant ?? "info"}
            className={cx(
              "pointer-events-auto rounded-md border bg-card p-3 text-sm shadow-lg",
              t.variant === "error" && "border-destructive",
              t.variant === "success" && "border-emerald-600",
            )}
          >
            <div className="flex items-start justify-between gap-2">
              <p className="font-medium">{t.title}</p>
              <button type="button" className="text-muted-foreground hover:text-foreground" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
                ×
              </button>
            </div>
            {t.description ? <p className="mt-1 text-muted-foreground">{t.description}</p> : null}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast() {
  const ctx = useContext(ToastContext);
  if (!ctx) throw new Error("useToast needs <Providers> (components/providers.tsx) above it");
  return ctx;
}
