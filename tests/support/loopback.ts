import http from "node:http";
import net from "node:net";

// Servers on a free loopback port, for tests that need a real peer: an HTTP target, or a TCP
// peer that accepts and never answers.

export type LoopbackHttp = { base: string; close: () => Promise<void> };

/** An HTTP server on 127.0.0.1; close() also drops open connections, hung requests included. */
export async function serveHttp(handler: http.RequestListener): Promise<LoopbackHttp> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type Blackhole = { port: number; forwardTo: { host: string; port: number } | null; close: () => Promise<void> };

/**
 * A TCP server that accepts connections and never answers (a hung PostgreSQL or Redis), or,
 * once `forwardTo` is set, forwards new connections to the real server (recovery).
 */
export async function blackhole(): Promise<Blackhole> {
  const sockets = new Set<net.Socket>();
  const state: Blackhole = { port: 0, forwardTo: null, close: async () => undefined };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    if (state.forwardTo) {
      const upstream = net.connect(state.forwardTo.port, state.forwardTo.host);
      upstream.on("error", () => socket.destroy());
      socket.pipe(upstream).pipe(socket);
      sockets.add(upstream);
      upstream.on("close", () => sockets.delete(upstream));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.port = (server.address() as net.AddressInfo).port;
  state.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}
