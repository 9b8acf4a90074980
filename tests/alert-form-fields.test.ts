import { describe, expect, it } from "vitest";
import { labelsFromText, labelsToText, paramFieldsFor, paramsFromForm } from "@/components/alerts/rule-fields";
import { ALERT_KINDS, alertRuleCreateSchema, paramsByKind } from "@/lib/alerts/schemas";

// The /alerts rule form reads its condition fields off each kind's zod schema, so the form
// cannot drift from what the action and the API accept.

describe("the rule form's condition fields", () => {
  it("has one field per param of every kind's schema", () => {
    for (const kind of ALERT_KINDS) {
      const shape = Object.keys((paramsByKind[kind] as unknown as { shape: Record<string, unknown> }).shape);
      expect(paramFieldsFor(kind).map((f) => f.key), kind).toEqual(shape);
    }
  });

  it("takes types, limits, choices and defaults from the schema", () => {
    const fields = Object.fromEntries(paramFieldsFor("route_latency").map((f) => [f.key, f]));
    expect(fields.quantile).toMatchObject({ kind: "choice", options: ["p95", "p99"], defaultValue: "p95", required: false });
    expect(fields.thresholdMs).toMatchObject({ kind: "number", required: true, min: 1, max: 600_000, integer: true });
    expect(fields.windowSeconds).toMatchObject({ kind: "number", required: true, min: 60, integer: true });
    expect(fields.route).toMatchObject({ kind: "text", required: false });
    expect(Object.fromEntries(paramFieldsFor("run_failure_rate").map((f) => [f.key, f])).threshold).toMatchObject({ kind: "number", integer: false, min: 0.01, max: 1 });
  });

  it("builds params the schema accepts from filled fields, leaving empty ones to the defaults", () => {
    const form = new FormData();
    form.set("params.thresholdMs", "800");
    form.set("params.windowSeconds", "900");
    form.set("params.route", "");
    form.set("params.quantile", "p99");
    const params = paramsFromForm("route_latency", form);
    expect(params).toEqual({ thresholdMs: 800, windowSeconds: 900, quantile: "p99" });
    expect(alertRuleCreateSchema.parse({ name: "p99", kind: "route_latency", params }).params).toEqual({ thresholdMs: 800, windowSeconds: 900, quantile: "p99", minRequests: 20 });
  });

  it("lets the schema refuse what the form sends wrong, naming the param", () => {
    const form = new FormData();
    form.set("params.windowSeconds", "30");
    const parsed = alertRuleCreateSchema.safeParse({ name: "x", kind: "route_errors", params: paramsFromForm("route_errors", form) });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["params.windowSeconds", "params.thresholdPercent"]));
  });

  it("reads labels as name=value pairs and writes them back the same way", () => {
    expect(labelsFromText("team=payments, env = prod,\nurl=a=b")).toEqual({ team: "payments", env: "prod", url: "a=b" });
    expect(labelsToText({ team: "payments", env: "prod" })).toBe("team=payments, env=prod");
  });
});

describe("a yes/no condition", () => {
  it("is a checkbox whose tick the schema accepts as true, and whose absence leaves the default", () => {
    expect(paramFieldsFor("monitor_down")).toEqual([expect.objectContaining({ key: "includeDegraded", kind: "boolean", required: false, label: expect.stringMatching(/^Also while degraded/) })]);
    const ticked = new FormData();
    ticked.set("params.includeDegraded", "on");
    expect(alertRuleCreateSchema.parse({ name: "down", kind: "monitor_down", params: paramsFromForm("monitor_down", ticked) }).params).toEqual({ includeDegraded: true });
    expect(paramsFromForm("monitor_down", new FormData())).toEqual({});
  });
});
