/**
 * The graceful stop of an HTTP server (src/server/drain.ts), over raw sockets: a request in flight is answered
 * in full with `Connection: close`, and connections with nothing in flight (idle keep-alive ones, and ones that
 * never sent a request) are closed at once and gently (FIN, no reset), so that the drain does not wait for
 * its deadline because of them.
 */
import http from "node:http";
import net from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { drainable } from "../../src/server/drain.ts";

const open: http.Server[] = [];
afterEach(() => {
  for (const server of open.splice(0)) server.closeAllConnections();
});

/** A server whose answers wait for `release()`, drainable, listening on a free port. */
async function slowServer(): Promise<{
  port: number;
  drain: ReturnType<typeof drainable>;
  /** Resolves once a request waits for its answer. */
  arrived: Promise<void>;
  release(): void;
}> {
  const waiting: Array<() => void> = [];
  let arrive = () => {};
  const arrived = new Promise<void>((resolve) => {
    arrive = resolve;
  });
  const server = http.createServer((_req, res) => {
    waiting.push(() => res.writeHead(200, { "content-type": "text/plain" }).end("x".repeat(100_000)));
    arrive();
  });
  open.push(server);
  const drain = drainable(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    drain,
    arrived,
    release: () => {
      for (const answer of waiting.splice(0)) answer();
    },
  };
}

interface Conversation {
  /** Everything received, once the server closed the connection. */
  closed: Promise<{ received: string; reset: boolean }>;
  /** Resolves once the received text ends with `tail`. */
  until(tail: string): Promise<void>;
}

function connect(port: number, request?: string): Promise<Conversation> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      if (request !== undefined) socket.write(request);
      resolve({ closed, until });
    });
    socket.setEncoding("utf8");
    let received = "";
    let reset = false;
    const until = (tail: string) =>
      new Promise<void>((done) => {
        const check = () => {
          if (!received.endsWith(tail)) return;
          socket.off("data", check);
          done();
        };
        socket.on("data", check);
        check();
      });
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    socket.on("error", () => {
      reset = true;
    });
    const closed = new Promise<{ received: string; reset: boolean }>((done) =>
      socket.on("close", () => done({ received, reset })),
    );
  });
}

const GET = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";

describe("draining", () => {
  test("answers the request in flight with Connection: close, closes the silent connection gently, and forces nothing", async () => {
    const { port, drain, arrived, release } = await slowServer();
    const silent = await connect(port);
    const busy = await connect(port, GET);
    await arrived;
    const drained = drain.drain(600_000);
    const quiet = await silent.closed;
    expect(quiet).toEqual({ received: "", reset: false });
    release();
    const answered = await busy.closed;
    expect(answered.reset).toBe(false);
    expect(answered.received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answered.received.toLowerCase()).toMatch(/\r\nconnection: close\r\n/);
    // The whole chunked body, down to its last chunk.
    expect(answered.received.endsWith(`${"x".repeat(100)}\r\n0\r\n\r\n`)).toBe(true);
    expect(await drained).toEqual({ forced: 0 });
  });

  test("an idle keep-alive connection is closed without a reset", async () => {
    const { port, drain, arrived, release } = await slowServer();
    const client = await connect(port, GET);
    await arrived;
    release();
    await client.until("\r\n0\r\n\r\n");
    const drained = drain.drain(600_000);
    const { received, reset } = await client.closed;
    expect(reset).toBe(false);
    expect(received).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(await drained).toEqual({ forced: 0 });
  });
});
