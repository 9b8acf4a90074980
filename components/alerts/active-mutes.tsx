import { Link } from "@/components/ui/link";
import { listSilences, type SilenceDto } from "@/lib/alerts/silences";
import { matchesAll } from "@/lib/alerts/mute";
import type { AccessContext } from "@/lib/auth/principal";
import type { Labels } from "@/lib/db/schema";
import { Time } from "@/components/ui/time";
import { formatDateTime } from "@/lib/ui/format";

// Silences and maintenance windows where people look: on an incident, a monitor, /health.
// Alertmanager semantics: evaluation goes on, matching incidents are recorded as suppressed.

export const matcherText = (s: Pick<SilenceDto, "matchers">) => s.matchers.map((m) => `${m.label}${m.op}${m.value}`).join(", ");

function muteHead(s: SilenceDto): string {
  const what = s.kind === "maintenance" ? "Maintenance window" : "Silence";
  return `${what}${s.name ? ` ${s.name}` : ""} (${matcherText(s)})`;
}
const recurring = (s: SilenceDto) => `recurring (${s.cron}, ${Math.round((s.durationSeconds ?? 0) / 60)} min)`;

/** As text, for a badge's tooltip. */
function describeMute(s: SilenceDto): string {
  const until = s.cron ? recurring(s) : s.endsAt ? `until ${formatDateTime(s.endsAt)}` : "";
  return `${muteHead(s)} ${until}`.trim();
}

/** On the page: the end as a relative time with the exact one in its tooltip. */
function MuteDescription({ s }: { s: SilenceDto }) {
  return (
    <>
      {muteHead(s)}
      {s.cron ? ` ${recurring(s)}` : s.endsAt ? <> until <Time iso={s.endsAt} /></> : null}
    </>
  );
}

/** The active silences and windows whose matchers match `labels`; nothing when none. */
export async function ActiveMutesNotice({ access, labels }: { access: AccessContext; labels: Labels }) {
  const active = (await listSilences(access)).filter((s) => s.active && matchesAll(s.matchers, labels));
  if (active.length === 0) return null;
  return (
    <div role="note" className="rounded-md border border-warning px-3 py-2 text-sm" data-testid="active-mutes">
      <p className="font-medium">Muted now: notifications are held back.</p>
      <ul className="text-muted-foreground">
        {active.map((s) => (
          <li key={s.id}><MuteDescription s={s} /></li>
        ))}
      </ul>
    </div>
  );
}

/** For /health: every silence and maintenance window muting alerts now, with a link to manage them. */
export async function ActiveMutesSummary({ access }: { access: AccessContext }) {
  const active = (await listSilences(access)).filter((s) => s.active);
  if (active.length === 0) return null;
  return (
    <div role="note" className="rounded-md border border-warning px-3 py-2 text-sm" data-testid="active-mutes">
      <p className="font-medium">
        {active.length} silence{active.length === 1 ? "" : "s"} or maintenance window{active.length === 1 ? "" : "s"} muting alerts now ·{" "}
        <Link href="/alerts#silences" className="underline underline-offset-4">
          Manage
        </Link>
      </p>
      <ul className="text-muted-foreground">
        {active.map((s) => (
          <li key={s.id}><MuteDescription s={s} /></li>
        ))}
      </ul>
    </div>
  );
}

/** Which monitors an active silence matches, by the labels monitor_down rules give them. */
export async function mutedMonitorIds(access: AccessContext, monitors: { id: string; name: string }[]): Promise<Map<string, string>> {
  const active = (await listSilences(access)).filter((s) => s.active);
  const muted = new Map<string, string>();
  for (const m of monitors) {
    const hit = active.find((s) => matchesAll(s.matchers, { monitor: m.name, monitor_id: m.id }));
    if (hit) muted.set(m.id, describeMute(hit));
  }
  return muted;
}
