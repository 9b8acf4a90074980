import net from "node:net";
import tls from "node:tls";
import type { MonitorDetail } from "../db/schema";
import type { ProbeResult } from "./probe";

// TCP and TLS probes: one connection to host:port, given up at the monitor's timeout. A TLS
// probe always completes the handshake without rejecting, then judges the chain itself, so
// it can report an expired or self-signed certificate's facts instead of a bare error.

export type SocketTarget = { host: string; port: number; timeoutMs: number };
/** ca: extra trusted roots beside the system's (a private CA; the tests' own). */
export type TlsTarget = SocketTarget & { tlsAllowUntrusted: boolean; tlsExpiryDays: number; ca?: string[] };

const DAY_MS = 86_400_000;

function connectError(err: unknown, timeoutMs: number, timedOut: boolean): string {
  if (timedOut) return `no connection within ${timeoutMs} ms`;
  const e = err as { code?: string; message?: string };
  return (e.code ?? e.message ?? String(err)).slice(0, 200);
}

/**
 * The one way a socket probe ends: the first result (or a timeout after `timeoutMs`) is
 * resolved, and the socket is torn down without a late error escaping.
 */
function settleOnce(socket: net.Socket, timeoutMs: number, elapsed: () => number, resolve: (result: ProbeResult) => void): (result: ProbeResult) => void {
  const timer = setTimeout(() => finish({ ok: false, statusCode: null, latencyMs: elapsed(), error: connectError(null, timeoutMs, true) }), timeoutMs);
  function finish(result: ProbeResult) {
    clearTimeout(timer);
    socket.removeAllListeners();
    socket.on("error", () => undefined);
    socket.destroy();
    resolve(result);
  }
  return finish;
}

export function probeTcp(target: SocketTarget): Promise<ProbeResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const socket = net.connect({ host: target.host, port: target.port });
    const finish = settleOnce(socket, target.timeoutMs, elapsed, resolve);
    socket.once("connect", () => finish({ ok: true, statusCode: null, latencyMs: elapsed(), error: null }));
    socket.once("error", (err) => finish({ ok: false, statusCode: null, latencyMs: elapsed(), error: connectError(err, target.timeoutMs, false) }));
  });
}

/** Days from now until `validTo`, to the nearest whole day (a certificate issued for 3 days has 3 a moment later). */
export function daysUntil(validTo: Date, now = new Date()): number {
  return Math.round((validTo.getTime() - now.getTime()) / DAY_MS);
}

const nameOf = (part: Record<string, string | string[] | undefined> | undefined) =>
  part ? Object.entries(part).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("+") : v}`).join(", ") : "";

export function probeTls(target: TlsTarget, now = () => new Date()): Promise<ProbeResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const servername = net.isIP(target.host) ? undefined : target.host;
    const socket = tls.connect({ host: target.host, port: target.port, servername, rejectUnauthorized: false, ...(target.ca ? { ca: [...tls.rootCertificates, ...target.ca] } : {}) });
    const finish = settleOnce(socket, target.timeoutMs, elapsed, resolve);
    socket.once("secureConnect", () => {
      const cert = socket.getPeerCertificate();
      if (!cert || !cert.valid_to) return finish({ ok: false, statusCode: null, latencyMs: elapsed(), error: "no certificate presented" });
      const validTo = new Date(cert.valid_to);
      const daysLeft = daysUntil(validTo, now());
      const authError = socket.authorized ? null : String(socket.authorizationError ?? "chain invalid");
      const detail: MonitorDetail = { tls: { daysLeft, validTo: validTo.toISOString(), issuer: nameOf(cert.issuer as never), subject: nameOf(cert.subject as never), chainValid: socket.authorized, chainError: authError } };
      const latencyMs = elapsed();
      if (validTo.getTime() <= now().getTime()) return finish({ ok: false, statusCode: null, latencyMs, error: `certificate expired on ${validTo.toISOString()}`, detail });
      // An expired certificate is named as such above; any other failed verification is "chain invalid".
      if (authError && !target.tlsAllowUntrusted) return finish({ ok: false, statusCode: null, latencyMs, error: `chain invalid: ${authError}`.slice(0, 200), detail });
      const degraded = daysLeft < target.tlsExpiryDays;
      finish({ ok: true, degraded, statusCode: null, latencyMs, error: degraded ? `certificate expires in ${daysLeft} days` : null, detail });
    });
    socket.once("error", (err) => finish({ ok: false, statusCode: null, latencyMs: elapsed(), error: connectError(err, target.timeoutMs, false) }));
  });
}
