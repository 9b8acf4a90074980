import "server-only";
import { getAsyncCommitPool } from "../db/client";
import { NotFoundError } from "../errors";
import { hashHeartbeatToken } from "./heartbeat-token";
import { recordProbe } from "./run-probes";

// A ping from a heartbeat monitor's job. The token is the credential: it is hashed and looked
// up by one UPDATE through the unique index, the same work whether it exists or not, so the
// answer (204 or 404) and its timing tell nothing more. A steady stream of good pings costs
// that one UPDATE; only a change of state (first ping, recovery, /fail) stores a check and
// moves the monitor, as a probe would.

export const PING_BODY_MAX = 1024;

type PingRow = { id: string; status: "pending" | "up" | "degraded" | "down"; enabled: boolean; last_ping_at: Date };

/** Records a ping (failed: the /fail URL); throws NotFoundError for an unknown token. */
export async function recordHeartbeat(token: string, options: { failed: boolean; body: string | null }): Promise<void> {
  const body = options.body === null ? null : options.body.slice(0, PING_BODY_MAX).replace(/\u0000/g, "");
  // A named prepared statement, planned once per connection (the builder's cost shows at
  // 2,000 pings/s), on sessions that do not wait for the WAL flush: a hit then costs what a
  // miss does, and a crash loses at most the last moment of pings (the next one restores it).
  const { rows } = await getAsyncCommitPool().query<PingRow>({
    name: "opsdeck_heartbeat_ping",
    text: `UPDATE monitors SET last_ping_at = now(), last_ping_failed = $2, last_ping_body = $3
           WHERE heartbeat_token_hash = $1 AND type = 'heartbeat' RETURNING id, status, enabled, last_ping_at`,
    values: [hashHeartbeatToken(token), options.failed, body],
  });
  const row = rows[0];
  if (!row) throw new NotFoundError("Heartbeat");
  const next = options.failed ? "down" : "up";
  if (!row.enabled || row.status === next) return;
  await recordProbe({ id: row.id, status: row.status }, { ok: !options.failed, statusCode: null, latencyMs: 0, error: options.failed ? "the job reported a failure" : null }, row.last_ping_at);
}
