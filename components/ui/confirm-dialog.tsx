"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Button, type ButtonVariant } from "./button";

// A confirmation before anything destructive. Built on <dialog> (modal: focus is trapped,
// Escape cancels, focus returns to the trigger). The title names the object
// ("Revoke key ci-deploy (opk_3f…)?"). While onConfirm runs the buttons show a pending
// state; an error from onConfirm is shown inside the dialog, which stays open.

export type ConfirmDialogProps = {
  /** Text of the button that opens the dialog. */
  triggerLabel: ReactNode;
  triggerVariant?: ButtonVariant;
  triggerSize?: "sm" | "md";
  triggerDisabled?: boolean;
  /** Listed under "On this page" in the command palette with this label. */
  command?: string;
  title: string;
  description?: ReactNode;
  confirmLabel: string;
  destructive?: boolean;
  /** Resolve to close; return a string (or throw) to show it as the error and stay open. */
  onConfirm: () => Promise<string | void>;
};

export function ConfirmDialog(props: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const descId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  async function confirm() {
    setPending(true);
    setError(null);
    try {
      const message = await props.onConfirm();
      if (typeof message === "string" && message) setError(message);
      else setOpen(false);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Something went wrong.");
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <Button variant={props.triggerVariant ?? (props.destructive ? "danger" : "outline")} size={props.triggerSize ?? "sm"} disabled={props.triggerDisabled} data-command={props.command} onClick={() => setOpen(true)}>
        {props.triggerLabel}
      </Button>
      <dialog
        ref={ref}
        aria-labelledby={titleId}
        aria-describedby={props.description ? descId : undefined}
        onClose={() => setOpen(false)}
        onCancel={(e) => {
          if (pending) e.preventDefault();
        }}
        className="m-auto w-full max-w-md rounded-lg border bg-card p-6 text-foreground shadow-xl backdrop:bg-black/50"
      >
        {open ? (
          <div className="flex flex-col gap-4">
            <h2 id={titleId} className="text-base font-semibold">
              {props.title}
            </h2>
            {props.description ? (
              <div id={descId} className="text-sm text-muted-foreground">
                {props.description}
              </div>
            ) : null}
            {error ? (
              <p role="alert" className="rounded-md border border-destructive px-3 py-2 text-sm text-danger-text">
                {error}
              </p>
            ) : null}
            <div className="flex justify-end gap-2">
              <Button variant="ghost" disabled={pending} onClick={() => setOpen(false)} autoFocus>
                Keep it
              </Button>
              <Button variant={props.destructive ? "destructive" : "default"} disabled={pending} aria-busy={pending} onClick={() => void confirm()}>
                {pending ? "Working…" : props.confirmLabel}
              </Button>
            </div>
          </div>
        ) : null}
      </dialog>
    </>
  );
}
