"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createMonitorAction } from "@/app/(console)/health/actions";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";

type MonitorType = "http" | "tcp" | "tls" | "heartbeat";

/** Admins register a target (http, tcp, tls) probed from the console's own network, or a heartbeat their job pings. */
export function MonitorForm() {
  const [type, setType] = useState<MonitorType>("http");
  const [token, setToken] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { toast } = useToast();
  const router = useRouter();

  function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? "").trim();
    const timing = { intervalSeconds: text("intervalSeconds") || 60, timeoutMs: text("timeoutMs") || 5000 };
    const input =
      type === "http"
        ? { type, name: text("name"), url: text("url"), method: text("method") as "GET" | "HEAD" | "POST", ...timing, expectedStatus: text("expectedStatus") || 200, keyword: text("keyword") || null, jsonPath: text("jsonPath") || null, jsonExpected: text("jsonExpected") || null, degradedMs: text("degradedMs") || null }
        : type === "tcp"
          ? { type, name: text("name"), host: text("host"), port: text("port"), ...timing }
          : type === "tls"
            ? { type, name: text("name"), host: text("host"), port: text("port") || 443, ...timing, tlsExpiryDays: text("tlsExpiryDays") || 14, tlsAllowUntrusted: data.get("tlsAllowUntrusted") === "on" }
            : { type, name: text("name"), heartbeatPeriodSeconds: text("heartbeatPeriodSeconds") || null, heartbeatCron: text("heartbeatCron") || null, heartbeatGraceSeconds: text("heartbeatGraceSeconds") || 60 };
    start(async () => {
      const result = await createMonitorAction(input);
      if (result.ok) {
        setErrors({});
        form.reset();
        setToken(result.data.heartbeatToken ?? null);
        toast({ title: `Monitor ${result.data.name} added`, description: type === "heartbeat" ? "Copy its ping URL now: the token is shown once." : "Its first probe runs within a few seconds.", variant: "success" });
        router.refresh();
      } else {
        setErrors(result.fieldErrors ?? {});
        toast({ title: "The monitor was not added", description: result.error, variant: "error" });
      }
    });
  }

  const field = (name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div className="flex min-w-0 flex-col gap-1">
      <Label htmlFor={`monitor-${name}`}>{label}</Label>
      <Input id={`monitor-${name}`} name={name} aria-invalid={errors[name] ? true : undefined} aria-describedby={errors[name] ? `monitor-${name}-error` : undefined} {...props} />
      {errors[name] ? (
        <p id={`monitor-${name}-error`} className="text-xs text-destructive">
          {errors[name]}
        </p>
      ) : null}
    </div>
  );

  return (
    <form
      className="grid grid-cols-1 gap-3 md:grid-cols-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit(e.currentTarget);
      }}
    >
      <div className="flex min-w-0 flex-col gap-1">
        <Label htmlFor="monitor-type">Type</Label>
        <select id="monitor-type" name="type" value={type} onChange={(e) => setType(e.target.value as MonitorType)} className="h-9 rounded-md border border-input bg-background px-3 text-sm">
          <option value="http">HTTP(S) request</option>
          <option value="tcp">TCP port</option>
          <option value="tls">TLS certificate</option>
          <option value="heartbeat">Heartbeat (your job pings us)</option>
        </select>
      </div>
      {field("name", "Name", { required: true, maxLength: 100, placeholder: "Payments API" })}
      {type === "http" ? (
        <>
          {field("url", "URL", { required: true, type: "url", placeholder: "https://payments.internal/health" })}
          <div className="flex min-w-0 flex-col gap-1">
            <Label htmlFor="monitor-method">Method</Label>
            <select id="monitor-method" name="method" defaultValue="GET" className="h-9 rounded-md border border-input bg-background px-3 text-sm">
              <option>GET</option>
              <option>HEAD</option>
              <option>POST</option>
            </select>
          </div>
          {field("expectedStatus", "Expected status", { type: "number", min: 100, max: 599, defaultValue: 200 })}
          {field("keyword", "Body keyword (optional)", { maxLength: 200, placeholder: "ok" })}
          {field("jsonPath", "JSON path (optional)", { maxLength: 200, placeholder: "$.db.ok" })}
          {field("jsonExpected", "Expected JSON value", { maxLength: 200, placeholder: "true" })}
          {field("degradedMs", "Degraded over (ms, optional)", { type: "number", min: 1, max: 30000 })}
        </>
      ) : null}
      {type === "tcp" || type === "tls" ? (
        <>
          {field("host", "Host", { required: true, maxLength: 253, placeholder: "db.internal" })}
          {field("port", "Port", { type: "number", min: 1, max: 65535, required: type === "tcp", defaultValue: type === "tls" ? 443 : undefined })}
        </>
      ) : null}
      {type === "tls" ? (
        <>
          {field("tlsExpiryDays", "Degraded below (days to expiry)", { type: "number", min: 0, max: 365, defaultValue: 14 })}
          <div className="flex items-center gap-2">
            <input id="monitor-tlsAllowUntrusted" name="tlsAllowUntrusted" type="checkbox" className="size-4" />
            <Label htmlFor="monitor-tlsAllowUntrusted">Accept an untrusted (self-signed) chain</Label>
          </div>
        </>
      ) : null}
      {type === "heartbeat" ? (
        <>
          {field("heartbeatPeriodSeconds", "Expected every (seconds)", { type: "number", min: 10, max: 2592000, placeholder: "300" })}
          {field("heartbeatCron", "…or on a cron schedule", { maxLength: 100, placeholder: "0 3 * * *" })}
          {field("heartbeatGraceSeconds", "Grace (seconds)", { type: "number", min: 0, max: 86400, defaultValue: 60 })}
        </>
      ) : (
        <>
          {field("intervalSeconds", "Interval (seconds)", { type: "number", min: 10, max: 86400, defaultValue: 60 })}
          {field("timeoutMs", "Timeout (ms)", { type: "number", min: 100, max: 30000, defaultValue: 5000 })}
        </>
      )}
      {token ? (
        <p className="text-sm md:col-span-3" role="status">
          Ping URL (shown once): <code className="break-all">/api/v1/heartbeats/{token}</code> — POST or GET it from your job; add <code>/fail</code> to report a failure.
        </p>
      ) : null}
      <div className="flex items-end md:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add monitor"}
        </Button>
      </div>
    </form>
  );
}
