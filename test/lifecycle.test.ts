/**
 * How `npm start` ends, as a supervisor sees it: a SIGTERM while keep-alive clients keep sending and a
 * request is stuck ends the process within its bounded stop time, and the answers say `Connection: close`;
 * the API Deployment gives it that time; the embedded PostgreSQL dying under the service stops it with exit
 * code 1 and a clear line, and the next start recovers. Also what the start prints: secrets for development
 * only, once, never through the logger, and none in production.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseAllDocuments } from "yaml";
import { type AppRole, signToken } from "../src/auth/jwt.ts";
import { loadConfig } from "../src/config.ts";
import { PROJECT_ROOT } from "../src/db/migrate.ts";
import { worstCaseStopMs } from "../src/shutdown.ts";
import { TEST_PASSWORD } from "./support/cluster.ts";
import { useTestDatabase } from "./support/db.ts";
import { embeddedEnvironment, serviceEnvironment } from "./support/process.ts";

const START = path.join(PROJECT_ROOT, "src", "cli", "start.ts");
const API_DEPLOYMENT = path.join(PROJECT_ROOT, "k8s", "production", "bin-optimization", "deployment-api.yaml");
const CONFIG_MAP = path.join(PROJECT_ROOT, "k8s", "production", "bin-optimization", "configmap.yaml");

interface Running {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Every service started here that has not exited yet, stopped after the tests even when one failed. */
const alive = new Set<Running>();

async function stopAll(): Promise<void> {
  for (const running of alive) {
    running.child.kill("SIGTERM");
    if ((await exitWithin(running, 30_000)) === "still running") running.child.kill("SIGKILL");
  }
}

afterAll(stopAll, 70_000);

/** Starts `npm start`'s script with `env` and resolves once a line starts with `readyPrefix`. */
async function start(env: NodeJS.ProcessEnv, readyPrefix: string): Promise<Running> {
  const child = spawn(process.execPath, [START], { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const running: Running = { child, output: () => output, exited };
  alive.add(running);
  exited.then(() => alive.delete(running));
  const ready = new RegExp(`^${readyPrefix}`, "m");
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (ready.test(output)) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
    exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
  return running;
}

function line(output: string, prefix: string): string {
  const found = output.split("\n").find((l) => l.startsWith(prefix));
  if (found === undefined) throw new Error(`no line starting with ${prefix} in:\n${output}`);
  return found.slice(prefix.length).trim();
}

/** The exit code, or "still running" when the process has not exited within `ms`. */
async function exitWithin(running: Running, ms: number): Promise<number | null | "still running"> {
  const timer = sleep(ms, "still running" as const);
  return Promise.race([running.exited, timer]);
}

const occurrences = (text: string, secret: string) => text.split(secret).length - 1;

describe("the stop time fits the API Deployment", () => {
  test("preStop, then the worst-case stop with the ConfigMap's settings, end before terminationGracePeriodSeconds", () => {
    const [deployment] = parseAllDocuments(readFileSync(API_DEPLOYMENT, "utf8")).map((d) => d.toJS());
    const [configMap] = parseAllDocuments(readFileSync(CONFIG_MAP, "utf8")).map((d) => d.toJS());
    const pod = deployment.spec.template.spec;
    const api = pod.containers.find((c: { name: string }) => c.name === "api");
    const env = Object.fromEntries(
      (api.env as Array<{ name: string; value?: string }>)
        .filter((e) => e.value !== undefined)
        .map((e) => [e.name, e.value]),
    );
    const config = loadConfig({
      ...configMap.data,
      ...env,
      DATABASE_URL: "postgres://x@h/d",
      JWT_SECRET: "s".repeat(32),
    });
    const [command, seconds] = api.lifecycle.preStop.exec.command;
    expect(command).toBe("sleep");
    const stopSeconds = Number(seconds) + worstCaseStopMs(config) / 1000;
    expect(stopSeconds).toBeLessThan(pod.terminationGracePeriodSeconds);
  });
});

describe("a graceful stop with keep-alive clients", () => {
  const db = useTestDatabase();
  const secret = randomBytes(32).toString("hex");
  const drainMs = 2000;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    await db.admin.query("select tests.create_tenant_fixture('lifecycle')");
    env = serviceEnvironment(db, secret, {
      SHUTDOWN_DRAIN_MS: String(drainMs),
      GRAPHILE_ENV: "production",
      LOG_LEVEL: "info",
    });
  });

  const token = async (role: AppRole) => {
    const { rows } = await db.admin.query("select tests.tenant_id('lifecycle')::text as id");
    return signToken(
      { tenantId: rows[0].id, userId: "00000000-0000-4000-8000-000000000002", role },
      { secret: new TextEncoder().encode(secret) },
    );
  };

  /** POSTs a GraphQL operation through `agent`: the status and Connection header, or "connection closed". */
  const post = (url: string, query: string, bearer: string, agent: http.Agent) =>
    new Promise<{ status: number; connection: string | undefined } | "connection closed">((resolve) => {
      const request = http.request(
        url,
        { method: "POST", agent, headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` } },
        (response) => {
          response.resume();
          response.on("end", () => resolve({ status: response.statusCode!, connection: response.headers.connection }));
        },
      );
      request.on("error", () => resolve("connection closed"));
      request.end(JSON.stringify({ query }));
    });

  test("SIGTERM: answers say Connection: close, a stuck request is cut off, the process exits 0 in bounded time", {
    timeout: 120_000,
  }, async () => {
    const running = await start(env, "Metrics:");
    const base = line(running.output(), "Health:").replace(/\/api\/wms\/optimization\/health$/, "");
    const graphqlUrl = line(running.output(), "GraphQL:");
    const supervisor = await token("supervisor");

    // Two requests in flight when the stop begins, each waiting for a lock: one is let through during the
    // drain time, the other never.
    const slowLock = await db.admin.connect();
    const stuckLock = await db.admin.connect();
    await slowLock.query("begin; lock table app_public.facilities in access exclusive mode");
    await stuckLock.query("begin; lock table app_public.materials in access exclusive mode");
    const slowAgent = new http.Agent({ keepAlive: true });
    const slow = post(
      graphqlUrl,
      `mutation { createFacility(input: { facility: { code: "SLOW-1", name: "Slow" } }) { facility { code } } }`,
      supervisor,
      slowAgent,
    );
    const stuck = post(
      graphqlUrl,
      `mutation { createMaterial(input: { material: { code: "STUCK-1" } }) { material { code } } }`,
      supervisor,
      slowAgent,
    );
    for (let i = 0; ; i++) {
      const { rows } = await db.admin.query(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
      );
      if (rows[0].n >= 2) break;
      if (i > 200) throw new Error("the requests never waited for their locks");
      await sleep(50);
    }

    // Keep-alive clients that keep sending, before and after the signal.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    let signalled = false;
    let sending = true;
    const answers: Array<{ afterSignal: boolean; connection: string | undefined }> = [];
    const get = () =>
      new Promise<void>((resolve) => {
        const request = http.get(`${base}/health`, { agent }, (response) => {
          const afterSignal = signalled;
          response.resume();
          response.on("end", () => {
            answers.push({ afterSignal, connection: response.headers.connection });
            resolve();
          });
        });
        request.on("error", () => sleep(20).then(() => resolve()));
      });
    const client = async () => {
      while (sending) await get();
    };
    const clients = [client(), client()];
    while (answers.length < 20) await sleep(10);

    try {
      signalled = true;
      running.child.kill("SIGTERM");
      while (!/SIGTERM received/.test(running.output())) await sleep(20);
      await slowLock.query("rollback");
      const bound = worstCaseStopMs({ shutdownDrainMs: drainMs, workerInProcess: false }) + 15_000;
      expect(await exitWithin(running, bound), running.output()).toBe(0);
    } finally {
      sending = false;
      await Promise.all(clients);
      agent.destroy();
      slowAgent.destroy();
      await slowLock.query("rollback");
      await stuckLock.query("rollback");
      slowLock.release();
      stuckLock.release();
    }
    expect(
      answers.some((a) => !a.afterSignal && a.connection === "keep-alive"),
      "the clients kept connections alive",
    ).toBe(true);
    // The request answered during the drain time tells its keep-alive client to go.
    expect(await slow).toEqual({ status: 200, connection: "close" });
    // The one still stuck at the drain time is cut off (or refused by a statement timeout, when one applies).
    const cut = await stuck;
    expect(cut === "connection closed" || cut.connection === "close", JSON.stringify(cut)).toBe(true);
    expect(running.output()).toMatch(/SIGTERM received: stopping \(up to 2000 ms for requests in flight\)/);
    expect(running.output()).toMatch(/Stopped/);
  });

  test("in production the start prints its URLs and neither a database URL nor a token", {
    timeout: 60_000,
  }, async () => {
    const running = await start({ ...env, NODE_ENV: "production", HOST: "127.0.0.1" }, "Metrics:");
    running.child.kill("SIGTERM");
    expect(await running.exited).toBe(0);
    const output = running.output();
    expect(line(output, "GraphQL:")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(output).not.toMatch(/^Database:/m);
    expect(output).not.toMatch(/development only|Bearer|curl/i);
    expect(occurrences(output, `:${TEST_PASSWORD}@`)).toBe(0);
  });
});

describe("the embedded PostgreSQL dies under npm start", () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    ({ dataDir, env } = await embeddedEnvironment("buo-lifecycle-", "debug"));
  });

  afterAll(async () => {
    await stopAll();
    await rm(dataDir, { recursive: true, force: true });
  }, 70_000);

  test("the service exits 1 with a clear line; the next start serves again", { timeout: 240_000 }, async () => {
    const running = await start(env, "curl ");
    const printed = running.output();
    const password = (JSON.parse(await readFile(path.join(dataDir, "database.json"), "utf8")) as { superuser: string })
      .superuser;
    const token = line(printed, "curl ").match(/Bearer ([\w.-]+)/)![1]!;
    const lines = printed.split("\n");
    const heading = lines.findIndex((l) => l.startsWith("For development only"));
    expect(heading, "a development-only heading above the secrets").toBeGreaterThan(0);
    expect(lines.findIndex((l) => l.startsWith("Database:"))).toBeGreaterThan(heading);
    expect(line(printed, "Try it")).toBe("(demo operator token, valid 12 hours):");

    const postmaster = Number(
      (await readFile(path.join(dataDir, "postgres", "postmaster.pid"), "utf8")).split("\n")[0],
    );
    process.kill(postmaster, "SIGKILL");
    const code = await exitWithin(running, worstCaseStopMs(loadConfig(env)) + 15_000);
    const output = running.output();
    expect(code, output).toBe(1);
    expect(output).toMatch(
      new RegExp(
        `ERROR: Database lost: the embedded PostgreSQL \\(postmaster pid ${postmaster}\\) exited unexpectedly, ` +
          "killed by SIGKILL\\. " +
          "Stopping the service; exit code 1",
      ),
    );
    // Printed once, on standard output, and never by the logger (debug level here), not even while failing.
    expect(occurrences(output, password)).toBe(1);
    expect(occurrences(output, token)).toBe(1);

    // What a supervisor does next: start it again.
    const again = await start(env, "curl ");
    const graphqlUrl = line(again.output(), "GraphQL:");
    const fresh = line(again.output(), "curl ").match(/Bearer ([\w.-]+)/)![1]!;
    const response = await fetch(graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${fresh}` },
      body: JSON.stringify({ query: "{ currentTenant { code } }" }),
    });
    expect(await response.json()).toEqual({ data: { currentTenant: { code: "demo" } } });
    again.child.kill("SIGTERM");
    expect(await again.exited).toBe(0);
  });
});
