"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { deleteChannelAction, testChannelAction } from "@/app/(console)/alerts/actions";
import { useRunAction } from "@/components/admin/run-action";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ChannelTestResult } from "@/lib/channels/test";

/** "Send test": one real message now; its outcome is shown beside the button (and kept in the delivery log). */
export function TestChannelButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  async function send() {
    setPending(true);
    setOutcome(null);
    try {
      const result = await testChannelAction({ id });
      setOutcome(result.ok ? describe(result.data) : { ok: false, text: result.error });
      router.refresh();
    } catch {
      setOutcome({ ok: false, text: "The server could not be reached. Try again." });
    } finally {
      setPending(false);
    }
  }
  return (
    <span className="flex flex-wrap items-center gap-2">
      <Button size="sm" variant="outline" disabled={pending} aria-busy={pending} aria-label={`Send test to ${name}`} onClick={() => void send()}>
        {pending ? "Sending…" : "Send test"}
      </Button>
      <span role="status" data-testid="channel-test-outcome" className={outcome ? (outcome.ok ? "text-sm text-success-soft-foreground" : "text-sm text-destructive") : "sr-only"}>
        {outcome?.text ?? ""}
      </span>
    </span>
  );
}

function describe(r: ChannelTestResult): { ok: boolean; text: string } {
  if (r.outcome === "delivered") return { ok: true, text: `Test delivered: HTTP ${r.statusCode ?? "?"} in ${r.latencyMs} ms` };
  const answer = r.statusCode ? `HTTP ${r.statusCode}` : (r.error ?? "no answer");
  return { ok: false, text: `Test failed (${r.outcome}): ${answer} after ${r.latencyMs} ms` };
}

export function DeleteChannelButton({ id, name }: { id: string; name: string }) {
  const run = useRunAction();
  return (
    <ConfirmDialog
      triggerLabel="Delete"
      destructive
      title={`Delete channel ${name}?`}
      description="Rules that name it stop telling it; messages not yet delivered to it are dropped. This cannot be undone."
      confirmLabel={`Delete ${name}`}
      onConfirm={async () => {
        const result = await run(() => deleteChannelAction({ id }), `Channel ${name} deleted`);
        return "error" in result ? result.error : undefined;
      }}
    />
  );
}
