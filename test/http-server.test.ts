/**
 * The HTTP server itself, spoken to over raw sockets: a client that trickles its headers or never finishes
 * its body is answered 408 and disconnected rather than holding a socket for ever; requests node's parser
 * refuses (headers too large, not HTTP) get the GraphQL error shape with a code too.
 */
import net from "node:net";
import { describe, expect, test } from "vitest";
import { useTestDatabase } from "./support/db.ts";
import { useTestServer } from "./support/server.ts";

const db = useTestDatabase();
const api = useTestServer(db, {
  env: { HTTP_HEADERS_TIMEOUT_MS: "300", HTTP_REQUEST_TIMEOUT_MS: "600", HTTP_KEEP_ALIVE_TIMEOUT_MS: "300" },
});
const single = useTestServer(db, { env: { HTTP_MAX_CONNECTIONS: "1" } });

/** Opens a socket to the API, lets `talk` write to it, and resolves with all it received once it closes. */
function converse(talk: (socket: net.Socket) => void, url = api.url): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => talk(socket));
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(received));
  });
}

/** The status and JSON body of a raw HTTP answer. */
function parse(raw: string): { status: number; code: unknown } {
  const [head = "", body = ""] = raw.split("\r\n\r\n");
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
  return {
    status,
    code: (JSON.parse(body) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code,
  };
}

describe("slow clients are cut off", () => {
  test("headers trickled in and never finished: 408 REQUEST_TIMEOUT, and the connection is closed", async () => {
    let trickle: NodeJS.Timeout | undefined;
    const raw = await converse((socket) => {
      socket.write("POST /graphql HTTP/1.1\r\nHost: localhost\r\n");
      let n = 0;
      trickle = setInterval(() => socket.writable && socket.write(`X-Slow-${n++}: a\r\n`), 50);
    });
    clearInterval(trickle);
    expect(parse(raw)).toEqual({ status: 408, code: "REQUEST_TIMEOUT" });
  });

  test("a body that never finishes: 408, and the connection is closed", async () => {
    const raw = await converse((socket) => {
      socket.write(
        "POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
      );
    });
    expect(parse(raw).status).toBe(408);
  });

  test("an idle keep-alive connection is closed after its answer", async () => {
    const raw = await converse((socket) => {
      const body = JSON.stringify({ query: "{ __typename }" });
      socket.write(
        `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
    });
    expect(raw).toMatch(/^HTTP\/1\.1 200/);
    expect(raw).toMatch(/"__typename":"Query"/);
  });
});

describe("the connection cap (HTTP_MAX_CONNECTIONS=1)", () => {
  test("a connection past the cap is closed unanswered; the one within it is answered", async () => {
    const body = JSON.stringify({ query: "{ __typename }" });
    const request = `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const { hostname, port } = new URL(single.url);
    const holder = net.connect(Number(port), hostname);
    await new Promise((resolve) => holder.once("connect", resolve));
    try {
      // The second connection is closed on arrival, before it could send anything; the holder sends its
      // request after that.
      const turnedAway = await converse(() => {}, single.url);
      expect(turnedAway).toBe("");
      let answer = "";
      holder.setEncoding("utf8");
      holder.on("data", (chunk: string) => {
        answer += chunk;
      });
      const closed = new Promise((resolve) => holder.once("close", resolve));
      holder.write(request);
      await closed;
      expect(answer).toMatch(/^HTTP\/1\.1 200/);
    } finally {
      holder.destroy();
    }
  });
});

describe("requests node's parser refuses have a code", () => {
  test("headers too large: 431 HEADERS_TOO_LARGE", async () => {
    const raw = await converse((socket) => {
      socket.write(`POST /graphql HTTP/1.1\r\nHost: localhost\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    });
    expect(parse(raw)).toEqual({ status: 431, code: "HEADERS_TOO_LARGE" });
  });

  test("not HTTP: 400 BAD_REQUEST", async () => {
    const raw = await converse((socket) => {
      socket.write("HELLO THERE\r\n\r\n");
    });
    expect(parse(raw)).toEqual({ status: 400, code: "BAD_REQUEST" });
  });
});
