/**
 * The graceful stop of an HTTP server. `server.close()` alone stops accepting connections but waits for every
 * open one to end, and a keep-alive client that keeps sending never lets its connection end. Draining instead
 * stops accepting, answers every request still in flight or still arriving on an open connection with
 * `Connection: close` (so that each connection ends after its answer), closes connections with no request in
 * flight at once (idle keep-alive ones, and ones that never sent a request, which node's own idle list
 * misses) with a FIN rather than a reset, and after the drain time closes whatever is left, answered or not.
 */
import type http from "node:http";
import type { Socket } from "node:net";

/** How often connections that went idle during a drain are closed, in milliseconds. */
const IDLE_SWEEP_MS = 100;

export interface Drain {
  /** True once drain() was called. */
  readonly draining: boolean;
  /**
   * Stops the server within `timeoutMs`: resolves once every connection is closed, with the number of
   * connections that were still busy at the deadline and had to be closed unanswered.
   */
  drain(timeoutMs: number): Promise<{ forced: number }>;
}

/** Tracks a server's connections and requests so that it can be drained; call before it listens. */
export function drainable(server: http.Server): Drain {
  const sockets = new Set<Socket>();
  const answering = new Set<http.ServerResponse>();
  /** Responses not yet finished, by connection. */
  const inFlight = new Map<Socket, number>();
  let draining = false;
  let drained: Promise<{ forced: number }> | undefined;

  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  // Before the application's own listener, so that a request arriving during the drain is marked first.
  server.prependListener("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (draining) res.setHeader("connection", "close");
    answering.add(res);
    const socket = req.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    res.once("close", () => {
      answering.delete(res);
      const left = (inFlight.get(socket) ?? 1) - 1;
      if (left > 0) inFlight.set(socket, left);
      else inFlight.delete(socket);
    });
  });

  /** Ends (FIN, letting the client read all it was sent) every connection with nothing in flight. */
  const closeQuiet = () => {
    for (const socket of sockets) if (!inFlight.has(socket) && !socket.writableEnded) socket.end();
  };

  const drain = async (timeoutMs: number) => {
    draining = true;
    for (const res of answering) if (!res.headersSent) res.setHeader("connection", "close");
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    closeQuiet();
    const sweep = setInterval(closeQuiet, IDLE_SWEEP_MS);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<"deadline">((resolve) => {
      timer = setTimeout(() => resolve("deadline"), timeoutMs);
    });
    try {
      if ((await Promise.race([closed, deadline])) !== "deadline") return { forced: 0 };
      const forced = sockets.size;
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await closed;
      return { forced };
    } finally {
      clearInterval(sweep);
      clearTimeout(timer);
    }
  };

  return {
    get draining() {
      return draining;
    },
    drain(timeoutMs) {
      drained ??= drain(timeoutMs);
      return drained;
    },
  };
}
