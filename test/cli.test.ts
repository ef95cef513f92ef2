/**
 * The commands as a new user runs them: `npm start` on an empty DATA_DIR (embedded PostgreSQL, migrations,
 * demo warehouse), its printed URLs and first putaway (pasted as printed, it answers with locations),
 * `npm run token`, the data-quality metrics of the fresh demo facility, Ctrl-C (SIGINT to the whole process
 * group, as a terminal sends it) that stops everything without an error, a second start on the same data, a
 * taken port or another clone's embedded database said in one line, `npm run seed:demo`'s first putaway,
 * the audit task's warning, and the production refusals.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PROJECT_ROOT } from "../src/db/migrate.ts";
import { freePort } from "./support/cluster.ts";
import { useTestDatabase } from "./support/db.ts";
import { cleanEnvironment, embeddedEnvironment } from "./support/process.ts";
import { runTask } from "./support/tasks.ts";

const START = path.join(PROJECT_ROOT, "src", "cli", "start.ts");
const TOKEN = path.join(PROJECT_ROOT, "src", "cli", "token.ts");
const SEED = path.join(PROJECT_ROOT, "src", "cli", "seed-demo.ts");
const DEV = path.join(PROJECT_ROOT, "src", "cli", "dev.ts");

let dataDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  ({ dataDir, env } = await embeddedEnvironment("buo-cli-", "warn"));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts `npm start`'s script (or `script`) and resolves once it has printed its curl command. It leads a process
 * group of its own, as a command started in a terminal does, so that `ctrlC` can signal the whole group as Ctrl-C
 * does.
 */
async function start(script = START): Promise<Running> {
  const child = spawn(process.execPath, [script], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (/^curl /m.test(output)) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
    exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
  return { child, output: () => output, exited };
}

/** What a terminal does on Ctrl-C: SIGINT to every process of the foreground process group. */
function ctrlC(running: Running): void {
  process.kill(-running.child.pid!, "SIGINT");
}

/** Runs a command of this project to its end, in `environment`. */
function command(file: string, environment: NodeJS.ProcessEnv, ...args: string[]) {
  return spawnSync(process.execPath, [file, ...args], { cwd: PROJECT_ROOT, env: environment, encoding: "utf8" });
}

/** A one-line refusal: exit code 2, one line on standard error and no stack trace. */
function expectOneLine(result: { status: number | null; stderr: string }, pattern: RegExp): void {
  expect(result.status, result.stderr).toBe(2);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr.trimEnd().split("\n"), result.stderr).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

function line(output: string, prefix: string): string {
  const found = output.split("\n").find((l) => l.startsWith(prefix));
  if (found === undefined) throw new Error(`no line starting with ${prefix} in:\n${output}`);
  return found.slice(prefix.length).trim();
}

async function graphql(url: string, query: string, token: string) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the tests read whatever fields they asked for
  return (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
}

describe("npm start on a fresh DATA_DIR", () => {
  test("starts everything and prints its URLs and a first putaway that answers as pasted; Ctrl-C stops it cleanly", {
    timeout: 180_000,
  }, async () => {
    const running = await start();
    const output = running.output();
    const graphqlUrl = line(output, "GraphQL:");
    expect(graphqlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(line(output, "Health:")).toMatch(/\/api\/wms\/optimization\/health$/);
    expect(line(output, "Metrics:")).toMatch(/:\d+\/api\/wms\/optimization\/metrics$/);
    expect(line(output, "Database:")).toMatch(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/bin_utilization$/);
    expect(line(output, "A first putaway:")).toMatch(
      /^where should 12 × SKU-\d+ and 3 × SKU-\d+ go in facility DC1\?$/,
    );

    // The printed curl command, pasted as printed: a putaway of two items, both with a location.
    const curlLine = line(output, "curl ");
    const curl = spawnSync("bash", ["-c", `curl ${curlLine}`], { encoding: "utf8" });
    const answer = JSON.parse(curl.stdout);
    expect(answer.errors, curl.stdout).toBeUndefined();
    const { query } = JSON.parse(curlLine.match(/-d '(.*)'$/)![1]!) as { query: string };
    const materialIds = [...query.matchAll(/materialId: "([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(materialIds).toHaveLength(2);
    const recommendations = answer.data.getBatchPutawayRecommendations.recommendations;
    expect(recommendations).toHaveLength(2);
    recommendations.forEach((r: Record<string, unknown>, index: number) => {
      expect(r).toMatchObject({ itemIndex: index, materialId: materialIds[index] });
      expect(r.locationCode, JSON.stringify(r)).toMatch(/^A\d\d-\d\d-\d$/);
      expect(r.reasonCode).toMatch(/^ENHANCED:/);
    });
    // GraphiQL gets the same document, and the header to set.
    const lines = output.split("\n");
    const graphiql = lines.findIndex((l) => l.startsWith(`Or open ${graphqlUrl} (GraphiQL)`));
    expect(lines[graphiql]).toContain('{"Authorization": "Bearer <the token above>"}');
    expect(lines[graphiql + 1]).toBe(query);

    const health = await fetch(line(output, "Health:"));
    expect(health.status).toBe(200);
    expect((await fetch(line(output, "Metrics:"))).status).toBe(200);

    // `npm run -s token` prints only a token, which the running server accepts.
    const token = command(TOKEN, env, "--tenant", "demo", "--role", "supervisor");
    expect(token.status, token.stderr).toBe(0);
    expect(token.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const created = await graphql(
      graphqlUrl,
      `mutation { createMaterial(input: { material: { code: "CLI-1" } }) { material { code } } }`,
      token.stdout.trim(),
    );
    expect(created).toEqual({ data: { createMaterial: { material: { code: "CLI-1" } } } });

    // The facility by its code, with the token's tenant; its data quality before any audit ran.
    const quality = await graphql(
      graphqlUrl,
      `{ facilityByCode(code: "DC1") { facilityId } }`,
      token.stdout.trim(),
    ).then(({ data }) =>
      graphql(
        graphqlUrl,
        `{ getDataQualityMetrics(facilityId: "${data!.facilityByCode.facilityId}") { pendingRelocations computedAt } }`,
        token.stdout.trim(),
      ),
    );
    expect(quality.errors).toBeUndefined();
    expect(quality.data!.getDataQualityMetrics).toMatchObject({ pendingRelocations: 0 });

    // This clone's command with another EMBEDDED_DATABASE_PORT than its running server's: one line that says which.
    expectOneLine(
      command(TOKEN, { ...env, EMBEDDED_DATABASE_PORT: String(await freePort()) }, "--tenant", "demo"),
      new RegExp(
        `^The embedded database of DATA_DIR=.* runs on port ${env.EMBEDDED_DATABASE_PORT}, not on EMBEDDED_DATABASE_PORT \\d+: set EMBEDDED_DATABASE_PORT=${env.EMBEDDED_DATABASE_PORT}$`,
        "m",
      ),
    );

    const unknownTenant = command(TOKEN, env, "--tenant", "nobody");
    expect(unknownTenant.status).toBe(2);
    expect(unknownTenant.stderr).toMatch(/no tenant with code "nobody"/);

    // Another clone (another DATA_DIR) on the same EMBEDDED_DATABASE_PORT: one line, whether it starts a server
    // of its own or believes one of its processes runs it.
    const otherClone = await mkdtemp(path.join(os.tmpdir(), "buo-cli-other-"));
    try {
      const otherEnv = { ...env, DATA_DIR: otherClone };
      const clash =
        /^The embedded database of another DATA_DIR \(another clone's, or this clone's with another DATA_DIR\) listens on port \d+ \(EMBEDDED_DATABASE_PORT\); DATA_DIR=.*buo-cli-other-.* cannot use it: set EMBEDDED_DATABASE_PORT to a free port for it$/m;
      expectOneLine(command(TOKEN, otherEnv, "--tenant", "demo"), clash);
      await writeFile(path.join(otherClone, "server.pid"), `${process.pid}\n`);
      expectOneLine(command(TOKEN, otherEnv, "--tenant", "demo"), clash);
      expect(await readdir(otherClone)).not.toContain("postgres");
    } finally {
      await rm(otherClone, { recursive: true, force: true });
    }

    const beforeCtrlC = running.output().length;
    ctrlC(running);
    expect(await running.exited).toBe(0);
    const stopping = running.output().slice(beforeCtrlC);
    expect(running.output(), "no error while stopping").not.toMatch(/ERROR/);
    expect(stopping, "no connection lost while stopping").not.toMatch(/connection failed|terminating connection/);
    expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid")), "the embedded server stopped").toBe(false);
  });

  test("a second start reuses the data: the demo warehouse is loaded once", { timeout: 120_000 }, async () => {
    const running = await start();
    const graphqlUrl = line(running.output(), "GraphQL:");
    const token = line(running.output(), "curl ").match(/Bearer ([\w.-]+)/)![1]!;
    const result = await graphql(
      graphqlUrl,
      `{ allTenants { totalCount } materialByCode(code: "CLI-1") { code } }`,
      token,
    );
    expect(result.data).toEqual({ allTenants: { totalCount: 1 }, materialByCode: { code: "CLI-1" } });
    running.child.kill("SIGTERM");
    expect(await running.exited).toBe(0);
  });

  test("npm run dev: Ctrl-C stops the service once, in order, then the database", { timeout: 120_000 }, async () => {
    const running = await start(DEV);
    const beforeCtrlC = running.output().length;
    ctrlC(running);
    expect(await running.exited).toBe(0);
    const stopping = running.output().slice(beforeCtrlC);
    expect(stopping, "one signal reached the service").not.toMatch(/Second SIG/);
    expect(running.output()).not.toMatch(/ERROR/);
    expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid")), "the embedded server stopped").toBe(false);
  });
});

describe("a taken port is one line that names the variable to set", () => {
  // Something that is not PostgreSQL listens on the port the commands are given.
  let listener: net.Server;
  const sockets = new Set<net.Socket>();
  let taken: number;

  beforeAll(async () => {
    listener = net.createServer((socket) => {
      sockets.add(socket.once("close", () => sockets.delete(socket)).on("error", () => {}));
      socket.end("not PostgreSQL\n");
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    taken = (listener.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => listener.close(() => resolve()));
  });

  test.each(["PORT", "METRICS_PORT", "EMBEDDED_DATABASE_PORT"])("%s", { timeout: 60_000 }, async (variable) => {
    const fresh = await mkdtemp(path.join(os.tmpdir(), "buo-cli-port-"));
    try {
      const result = command(START, { ...env, DATA_DIR: fresh, [variable]: String(taken) });
      expectOneLine(
        result,
        new RegExp(`^Port ${taken} is in use \\(${variable}\\): set ${variable} to a free port$`, "m"),
      );
      expect(await readdir(fresh), "no database was started").not.toContain("postgres");
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});

describe("production refusals", () => {
  test("the server refuses to start without JWT_SECRET", () => {
    const result = spawnSync(process.execPath, [START], {
      cwd: PROJECT_ROOT,
      env: {
        ...env,
        NODE_ENV: "production",
        DATABASE_URL: "postgres://x@127.0.0.1:1/x",
        AUTH_DATABASE_URL: "postgres://y@127.0.0.1:1/x",
      },
      encoding: "utf8",
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/JWT_SECRET .*required when NODE_ENV=production/);
  });

  test("the token command refuses to run in production", () => {
    const result = spawnSync(process.execPath, [TOKEN, "--tenant", "demo"], {
      cwd: PROJECT_ROOT,
      env: { ...env, NODE_ENV: "production", JWT_SECRET: "x".repeat(40), DATABASE_URL: "postgres://x@127.0.0.1:1/x" },
      encoding: "utf8",
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/in production tokens come from your identity provider/);
    expect(result.stdout).toBe("");
  });
});

describe("npm run task", () => {
  const db = useTestDatabase();

  test("runs a task once and exits 0; the task's work is done", async () => {
    await db.admin.query("select tests.create_tenant_fixture('cli')");
    const result = runTask(db, "refresh_bin_utilization", "--tenant", "cli", "--facility", "DC1");
    expect(result.status, result.stderr).toBe(0);
    const { rows } = await db.admin.query("select count(*)::int as n from app_private.bin_utilization_refreshes");
    expect(rows[0].n).toBeGreaterThan(0);
  });

  test("exits 1 with the task's error when it fails", () => {
    const result = runTask(db, "reclassify_abc", "--payload", '{"cutoffs": [50, 50]}');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Task reclassify_abc failed: reclassify_abc: cutoffs must be three percentages/);
  });

  test("exits 2 for an unknown task or tenant", () => {
    expect(runTask(db, "no_such_task").status).toBe(2);
    const unknownTenant = runTask(db, "train_putaway_model", "--tenant", "nobody");
    expect(unknownTenant.status).toBe(2);
    expect(unknownTenant.stderr).toMatch(/no tenant with code "nobody"/);
  });
});

describe("npm run seed:demo", () => {
  const db = useTestDatabase();

  test("loads the demo warehouse and prints a first putaway for the URL npm start will serve", {
    timeout: 120_000,
  }, async () => {
    const seedEnv = {
      ...cleanEnvironment(),
      DATABASE_URL: db.ownerUrl,
      DATABASE_VISITOR: db.roles.visitor,
      JWT_SECRET: "s".repeat(40),
      PORT: "4999",
      LOG_LEVEL: "warn",
    };
    const first = command(SEED, seedEnv);
    expect(first.status, first.stderr).toBe(0);
    const again = command(SEED, seedEnv);
    expect(again.status, again.stderr).toBe(0);
    const { rows } = await db.admin.query(
      "select facility_id from app_public.facilities where code = 'DC1' and tenant_id = tests.tenant_id('demo')",
    );
    for (const output of [first.stdout, again.stdout]) {
      const curl = line(output, "curl ");
      expect(curl).toMatch(
        /^-s http:\/\/127\.0\.0\.1:4999\/graphql -H 'Content-Type: application\/json' -H 'Authorization: Bearer [\w.-]+' -d '/,
      );
      expect(curl).toContain(`facilityId: \\"${rows[0].facility_id}\\"`);
    }
  });
});

describe("the data-quality audit that finds problems", () => {
  const db = useTestDatabase();

  test("exits 1 and logs a warning with the findings counted by kind, without an error or a stack", async () => {
    await db.admin.query("select tests.create_tenant_fixture('qa')");
    await db.admin.query("insert into app_public.materials (tenant_id, code) values (tests.tenant_id('qa'), 'BARE')");
    const result = runTask(db, { task: "data_quality_audit", logLevel: "info" }, "--tenant", "qa");
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toMatch(
      /WARN: Task data_quality_audit \(job \d+\) found problems: Open data-quality findings \(qa: 3\); qa: MISSING_ABC_CLASS 1, MISSING_DIMENSIONS 1, MISSING_WEIGHT 1; see app_public.data_quality_findings/,
    );
    expect(result.stderr).not.toMatch(/ERROR|\n\s+at /);
    expect(result.stderr).toMatch(/^Task data_quality_audit failed: Open data-quality findings \(qa: 3\)/m);
  });
});
