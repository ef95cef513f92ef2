/**
 * The commands as a new user runs them: `npm start` on an empty DATA_DIR (embedded PostgreSQL, migrations,
 * demo warehouse), its printed URLs and curl command, `npm run token`, a clean stop on SIGINT, a second
 * start on the same data, and the production refusals.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PROJECT_ROOT } from "../src/db/migrate.ts";
import { freePort } from "./support/cluster.ts";
import { useTestDatabase } from "./support/db.ts";
import { cleanEnvironment, runTask } from "./support/tasks.ts";

const START = path.join(PROJECT_ROOT, "src", "cli", "start.ts");
const TOKEN = path.join(PROJECT_ROOT, "src", "cli", "token.ts");

let dataDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "buo-cli-"));
  // As root the embedded server runs as the postgres user, which must reach the folder.
  await chmod(dataDir, 0o755);
  env = {
    ...cleanEnvironment(),
    DATA_DIR: dataDir,
    PORT: "0",
    METRICS_PORT: "0",
    EMBEDDED_DATABASE_PORT: String(await freePort()),
    GRAPHILE_ENV: "production",
    LOG_LEVEL: "warn",
  };
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `npm start`'s script and resolves once it has printed its curl command. */
async function start(): Promise<Running> {
  const child = spawn(process.execPath, [START], { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
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
  test("starts everything, prints its URLs and a working curl command, and stops cleanly on SIGINT", {
    timeout: 120_000,
  }, async () => {
    const running = await start();
    const output = running.output();
    const graphqlUrl = line(output, "GraphQL:");
    expect(graphqlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(line(output, "Health:")).toMatch(/\/api\/wms\/optimization\/health$/);
    expect(line(output, "Metrics:")).toMatch(/:\d+\/api\/wms\/optimization\/metrics$/);
    expect(line(output, "Database:")).toMatch(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/bin_utilization$/);

    // The printed curl command works as printed.
    const curl = spawnSync("bash", ["-c", `curl ${line(output, "curl ")}`], { encoding: "utf8" });
    const answer = JSON.parse(curl.stdout);
    expect(answer.data.currentTenant).toEqual({ code: "demo", name: "Demo Distribution Co." });
    expect(answer.data.allLocations.totalCount).toBeGreaterThanOrEqual(2000);

    const health = await fetch(line(output, "Health:"));
    expect(health.status).toBe(200);
    expect((await fetch(line(output, "Metrics:"))).status).toBe(200);

    // `npm run -s token` prints only a token, which the running server accepts.
    const token = spawnSync(process.execPath, [TOKEN, "--tenant", "demo", "--role", "supervisor"], {
      cwd: PROJECT_ROOT,
      env,
      encoding: "utf8",
    });
    expect(token.status, token.stderr).toBe(0);
    expect(token.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const created = await graphql(
      graphqlUrl,
      `mutation { createMaterial(input: { material: { code: "CLI-1" } }) { material { code } } }`,
      token.stdout.trim(),
    );
    expect(created).toEqual({ data: { createMaterial: { material: { code: "CLI-1" } } } });

    const unknownTenant = spawnSync(process.execPath, [TOKEN, "--tenant", "nobody"], {
      cwd: PROJECT_ROOT,
      env,
      encoding: "utf8",
    });
    expect(unknownTenant.status).toBe(2);
    expect(unknownTenant.stderr).toMatch(/no tenant with code "nobody"/);

    running.child.kill("SIGINT");
    expect(await running.exited).toBe(0);
    expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid")), "the embedded server stopped").toBe(false);
  });

  test("a second start reuses the data: the demo warehouse is loaded once", { timeout: 120_000 }, async () => {
    const running = await start();
    const graphqlUrl = line(running.output(), "GraphQL:");
    const token = line(running.output(), "curl ").match(/Bearer ([\w.-]+)/)![1]!;
    const result = await graphql(
      graphqlUrl,
      `{ allTenants { totalCount } materialByCode: allMaterials(condition: { code: "CLI-1" }) { totalCount } }`,
      token,
    );
    expect(result.data).toEqual({ allTenants: { totalCount: 1 }, materialByCode: { totalCount: 1 } });
    running.child.kill("SIGTERM");
    expect(await running.exited).toBe(0);
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
