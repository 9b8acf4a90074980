"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createMonitorAction } from "@/app/(console)/health/actions";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";

/** Admins register an HTTP target. Probes run from the console's own network. */
export function MonitorForm() {
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { toast } = useToast();
  const router = useRouter();

  function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? "").trim();
    start(async () => {
      const result = await createMonitorAction({
        name: text("name"),
        url: text("url"),
        method: text("method") as "GET" | "HEAD" | "POST",
        intervalSeconds: text("intervalSeconds") || 60,
        timeoutMs: text("timeoutMs") || 5000,
        expectedStatus: text("expectedStatus") || 200,
        keyword: text("keyword") || null,
      });
      if (result.ok) {
        setErrors({});
        form.reset();
        toast({ title: `Monitor ${result.data.name} added`, description: "Its first probe runs within a few seconds.", variant: "success" });
        router.refresh();
      } else {
        setErrors(result.fieldErrors ?? {});
        toast({ title: "The monitor was not added", description: result.error, variant: "error" });
      }
    });
  }

  const field = (name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div className="flex flex-col gap-1">
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
      {field("name", "Name", { required: true, maxLength: 100, placeholder: "Payments API" })}
      {field("url", "URL", { required: true, type: "url", placeholder: "https://payments.internal/health" })}
      <div className="flex flex-col gap-1">
        <Label htmlFor="monitor-method">Method</Label>
        <select id="monitor-method" name="method" defaultValue="GET" className="h-9 rounded-md border border-input bg-background px-3 text-sm">
          <option>GET</option>
          <option>HEAD</option>
          <option>POST</option>
        </select>
      </div>
      {field("intervalSeconds", "Interval (seconds)", { type: "number", min: 10, max: 86400, defaultValue: 60 })}
      {field("timeoutMs", "Timeout (ms)", { type: "number", min: 100, max: 30000, defaultValue: 5000 })}
      {field("expectedStatus", "Expected status", { type: "number", min: 100, max: 599, defaultValue: 200 })}
      {field("keyword", "Body keyword (optional)", { maxLength: 200, placeholder: "ok" })}
      <div className="flex items-end md:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add monitor"}
        </Button>
      </div>
    </form>
  );
}
