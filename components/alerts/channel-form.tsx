"use client";

import { FormFooter } from "./form-footer";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { createChannelAction, updateChannelAction } from "@/app/(console)/alerts/actions";
import { OneTimeSecret } from "@/components/admin/one-time-secret";
import { useRunAction } from "@/components/admin/run-action";
import { Select } from "@/components/admin/select";
import { Input } from "@/components/ui/input";
import { ErrorSummary, Field, FieldErrorsProvider, formErrorsOfResult, NO_ERRORS, type FormErrors } from "@/components/ui/form-field";
import type { ChannelDto } from "@/lib/channels/store";
import { CHANNEL_KIND_LABELS, CHANNEL_KINDS, channelCreateSchema, channelPatchSchema, type ChannelKind } from "@/lib/channels/schemas";
import { issuesOf } from "./rule-fields";

// Admins create and edit channels. Secrets (URLs with tokens, SMTP passwords, routing keys)
// go in and never come back: editing shows the masked hint, and a field left empty keeps
// the stored secret. A webhook's whsec_ signing secret is shown once, from the answer.

const text = (data: FormData, name: string) => String(data.get(name) ?? "").trim();
const optional = (data: FormData, name: string) => text(data, name) || undefined;

function inputOf(kind: ChannelKind, data: FormData): Record<string, unknown> {
  const common = { kind, name: text(data, "name"), rateLimitPerMinute: Number(text(data, "rateLimitPerMinute") || 30), enabled: data.get("enabled") === "on" };
  switch (kind) {
    case "webhook":
    case "slack":
      return { ...common, url: text(data, "url") };
    case "email":
      return {
        ...common,
        host: text(data, "host"),
        port: Number(text(data, "port") || 587),
        secure: data.get("secure") === "on",
        user: optional(data, "user"),
        password: optional(data, "password"),
        from: text(data, "from"),
        to: text(data, "to").split(/[,\s]+/).filter(Boolean),
      };
    case "pagerduty":
      return { ...common, routingKey: text(data, "routingKey"), url: optional(data, "url") };
  }
}

export function ChannelForm({ channel }: { channel?: ChannelDto }) {
  const run = useRunAction();
  const router = useRouter();
  const id = useId();
  const editing = channel !== undefined;
  const [kind, setKind] = useState<ChannelKind>((channel?.kind as ChannelKind) ?? "webhook");
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [pending, setPending] = useState(false);
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const config = channel?.config ?? {};

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const input = inputOf(kind, data);
    setErrors(NO_ERRORS);
    if (editing) {
      // Only what was filled in: an empty secret field keeps the stored secret.
      const { kind: _kind, ...fields } = input;
      void _kind;
      const patch = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0)));
      const checked = channelPatchSchema.safeParse(patch);
      if (!checked.success) return setErrors(issuesOf(checked.error));
      setPending(true);
      const result = await run(() => updateChannelAction({ id: channel.id, patch: checked.data }), `Channel ${String(patch.name ?? channel.name)} saved`);
      setPending(false);
      if ("error" in result) setErrors(formErrorsOfResult(result));
      else router.push("/alerts");
      return;
    }
    const checked = channelCreateSchema.safeParse(input);
    if (!checked.success) return setErrors(issuesOf(checked.error));
    setPending(true);
    const result = await run(() => createChannelAction(checked.data), (c) => `Channel ${c.name} created`);
    setPending(false);
    if ("error" in result) return setErrors(formErrorsOfResult(result));
    form.reset();
    if (result.data.signingSecret) setSecret({ name: result.data.name, value: result.data.signingSecret });
  }

  return (
    <div className="flex flex-col gap-4">
      <form aria-label={editing ? `Edit channel ${channel.name}` : "Create a channel"} className="flex flex-col gap-4" onSubmit={(e) => void submit(e)} noValidate>
        <FieldErrorsProvider errors={errors}>
          <ErrorSummary title="The channel was not saved:" errors={errors} />
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
            <Field id={`${id}-name`} label="Channel name">
              <Input id={`${id}-name`} name="name" required={!editing} maxLength={120} defaultValue={channel?.name} autoComplete="off" />
            </Field>
            <Field id={`${id}-kind`} label="Kind">
              <Select id={`${id}-kind`} value={kind} disabled={editing} onChange={(e) => setKind(e.target.value as ChannelKind)}>
                {CHANNEL_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {CHANNEL_KIND_LABELS[k]}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id={`${id}-rate`} label="At most messages a minute">
              <Input id={`${id}-rate`} name="rateLimitPerMinute" type="number" min={1} max={10000} defaultValue={channel?.rateLimitPerMinute ?? 30} />
            </Field>
            {kind === "webhook" || kind === "slack" ? (
              <Field id={`${id}-url`} label={editing ? `${kind === "slack" ? "Slack webhook URL" : "Webhook URL"} (empty: keep ${channel.secretHint ?? "the stored one"})` : kind === "slack" ? "Slack webhook URL" : "Webhook URL"}>
                <Input id={`${id}-url`} name="url" type="url" required={!editing} autoComplete="off" placeholder="https://" />
              </Field>
            ) : null}
            {kind === "email" ? (
              <>
                <Field id={`${id}-host`} label="SMTP server">
                  <Input id={`${id}-host`} name="host" defaultValue={String(config.host ?? "")} autoComplete="off" />
                </Field>
                <Field id={`${id}-port`} label="Port">
                  <Input id={`${id}-port`} name="port" type="number" min={1} max={65535} defaultValue={String(config.port ?? 587)} />
                </Field>
                <Field id={`${id}-user`} label="User (optional)">
                  <Input id={`${id}-user`} name="user" defaultValue={String(config.user ?? "")} autoComplete="off" />
                </Field>
                <Field id={`${id}-password`} label={editing ? "Password (empty: keep the stored one)" : "Password (optional)"}>
                  <Input id={`${id}-password`} name="password" type="password" autoComplete="new-password" />
                </Field>
                <Field id={`${id}-from`} label="From address">
                  <Input id={`${id}-from`} name="from" type="email" defaultValue={String(config.from ?? "")} autoComplete="off" />
                </Field>
                <Field id={`${id}-to`} label="To (addresses, comma separated)">
                  <Input id={`${id}-to`} name="to" defaultValue={Array.isArray(config.to) ? config.to.join(", ") : ""} autoComplete="off" />
                </Field>
                <label className="flex items-center gap-1.5 self-end text-sm">
                  <input type="checkbox" name="secure" defaultChecked={config.secure === true} className="size-4 accent-primary" />
                  TLS from the start (port 465)
                </label>
              </>
            ) : null}
            {kind === "pagerduty" ? (
              <>
                <Field id={`${id}-key`} label={editing ? `Routing key (empty: keep ${channel.secretHint ?? "the stored one"})` : "Routing key"}>
                  <Input id={`${id}-key`} name="routingKey" type="password" autoComplete="off" />
                </Field>
                <Field id={`${id}-events`} label="Events URL (optional)">
                  <Input id={`${id}-events`} name="url" type="url" defaultValue={String(config.url ?? "")} placeholder="https://events.pagerduty.com/v2/enqueue" autoComplete="off" />
                </Field>
              </>
            ) : null}
          </div>
          <FormFooter enabled={channel?.enabled ?? true} pending={pending} editing={editing} noun="channel" />
        </FieldErrorsProvider>
      </form>
      {secret ? (
        <OneTimeSecret
          label={`Signing secret of ${secret.name}`}
          note="Receivers verify each message's webhook-signature with it (Standard Webhooks). Copy it now: it is shown once and never again."
          value={secret.value}
          onDone={() => setSecret(null)}
        />
      ) : null}
    </div>
  );
}
