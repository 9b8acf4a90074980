"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteMonitorAction, rotateHeartbeatTokenAction, setMonitorEnabledAction } from "@/app/(console)/health/actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toast";
import type { MonitorDto } from "@/lib/monitors/mutations";

export function MonitorAdminButtons({ monitor }: { monitor: MonitorDto }) {
  const { id, name, enabled } = monitor;
  const [pending, start] = useTransition();
  const [token, setToken] = useState<string | null>(null);
  const { toast } = useToast();
  const router = useRouter();
  return (
    <div className="flex flex-wrap items-center gap-2">
      {monitor.type === "heartbeat" ? (
        <ConfirmDialog
          triggerLabel="Rotate token"
          title={`Rotate the ping token of ${name}?`}
          description="The current ping URL stops working at once; the new one is shown once."
          confirmLabel={`Rotate ${name}'s token`}
          onConfirm={async () => {
            const result = await rotateHeartbeatTokenAction({ id });
            if (!result.ok) return result.error;
            setToken(result.data.heartbeatToken ?? null);
            toast({ title: `New ping URL for ${name}`, variant: "success" });
          }}
        />
      ) : null}
      {token ? (
        <code className="max-w-full break-all text-xs" role="status">
          /api/v1/heartbeats/{token}
        </code>
      ) : null}
      <Button
        size="sm"
        variant="outline"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const result = await setMonitorEnabledAction({ id, enabled: !enabled });
            if (result.ok) {
              toast({ title: `${name} ${enabled ? "paused" : "resumed"}`, variant: "success" });
              router.refresh();
            } else toast({ title: "Not changed", description: result.error, variant: "error" });
          })
        }
      >
        {pending ? "Saving…" : enabled ? "Pause" : "Resume"}
      </Button>
      <ConfirmDialog
        triggerLabel="Delete"
        title={`Delete monitor ${name}?`}
        description={`Its check history and incidents go with it. This cannot be undone.`}
        confirmLabel={`Delete ${name}`}
        destructive
        onConfirm={async () => {
          const result = await deleteMonitorAction({ id });
          if (!result.ok) return result.error;
          toast({ title: `Monitor ${name} deleted`, variant: "success" });
          router.refresh();
        }}
      />
    </div>
  );
}
