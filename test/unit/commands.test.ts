/**
 * Every npm script that is a command explains itself: `--help` prints its usage (exit 0) and an unknown option is
 * one line on standard error with exit code 2, never a stack trace. The scripts come from package.json, so a new
 * one is covered as soon as it is added; neither path may touch a database (DATA_DIR stays empty, DATABASE_URL
 * points nowhere). Also the port checks behind the one-line answers to a taken PORT or METRICS_PORT.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { TOOLS_CACHE } from "../../scripts/provision.ts";
import { ConfigError } from "../../src/config.ts";
import { explainListenError, portInUse } from "../../src/ports.ts";
import { type ProcessResult, runProcess } from "../support/process.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const NODE = path.join(ROOT, "node_modules", ".bin", "node");
/** The scripts that are tools around the code rather than its commands. */
// prepare and prestart are npm's lifecycle hooks around build:console (covered as a command itself).
const NOT_COMMANDS = new Set(["test", "lint", "format", "typecheck", "prepare", "prestart"]);
/** How every command script runs: the pinned Node with its version check, then one file. */
const COMMAND = /^node --import \.\/scripts\/require-node\.mjs (\S+\.ts)$/;

const scripts = (
  JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;
const commands = Object.entries(scripts).filter(([name]) => !NOT_COMMANDS.has(name));

const dataDir = mkdtempSync(path.join(os.tmpdir(), "buo-commands-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** An environment in which a command that went for a database would fail or leave files in DATA_DIR. */
const env = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(NODE_ENV|GRAPHILE_ENV|JWT_|.*DATABASE_URL$)/.test(key)),
  ),
  DATA_DIR: dataDir,
  // The commands load the same libraries: compiled once, then read from this cache (kept between runs; Node
  // checks each entry against its source).
  NODE_COMPILE_CACHE: path.join(TOOLS_CACHE, "compile-cache"),
  DATABASE_URL: "postgres://nobody@127.0.0.1:1/nowhere",
  AUTH_DATABASE_URL: "postgres://nobody@127.0.0.1:1/nowhere",
  ROOT_DATABASE_URL: "postgres://nobody@127.0.0.1:1/nowhere",
};

function run(file: string, ...args: string[]): Promise<ProcessResult> {
  return runProcess(NODE, ["--import", "./scripts/require-node.mjs", file, ...args], { cwd: ROOT, env });
}

/** The words a script's usage line must start with: `npm start`, `npm run <name>` or `npm run -s <name>`. */
function usagePattern(name: string): RegExp {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return name === "start" ? /^Usage: npm start\b/ : new RegExp(`^Usage: npm run (-s )?${escaped}(\\s|$)`);
}

test("npm test -- --help prints the project's usage, not only vitest's", async () => {
  const result = await run("scripts/test.ts", "--help");
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^Usage: npm test\b/);
  expect(result.stdout).toContain("ROOT_DATABASE_URL");
  expect(result.stdout).toContain("npm test -- -u");
});

describe("package.json's command scripts", () => {
  test("all run one TypeScript file on the pinned Node, so that each can be asked for --help", () => {
    expect(commands.length).toBeGreaterThan(10);
    for (const [name, command] of commands) expect(command, `npm run ${name}`).toMatch(COMMAND);
  });

  // Concurrently (vitest runs a few at once): each is a Node process that loads its command's modules.
  describe.each(commands)("npm run %s", { concurrent: true, timeout: 60_000 }, (name, command) => {
    const file = COMMAND.exec(command)?.[1] ?? "";

    test("--help prints its usage and exits 0", async () => {
      const result = await run(file, "--help");
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(usagePattern(name));
      expect(result.stdout).toMatch(/\n {2}-h, --help {2,}this text\n/);
      expect(result.stderr).toBe("");
    });

    test("an unknown option is one line on standard error and exit code 2", async () => {
      const result = await run(file, "--no-such-option");
      expect(result.status).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/^Unknown option '--no-such-option'\. See: npm (start|run) .*--help\n$/);
    });
  });

  test("neither path touched a database: DATA_DIR is still empty", () => {
    expect(readdirSync(dataDir)).toEqual([]);
  });
});

describe("ports", () => {
  test("portInUse: true while something listens on the port, false once it is free", async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    expect(await portInUse("127.0.0.1", port)).toBe(true);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await portInUse("127.0.0.1", port)).toBe(false);
  });

  test("a listen that lost the race for its port names the variable that moves it", () => {
    const ports = [
      [4000, "PORT"],
      [9090, "METRICS_PORT"],
    ] as const;
    const taken = Object.assign(new Error("listen EADDRINUSE: address already in use 127.0.0.1:9090"), {
      code: "EADDRINUSE",
      port: 9090,
    });
    const explained = explainListenError(taken, ports);
    expect(explained).toBeInstanceOf(ConfigError);
    expect((explained as Error).message).toBe("Port 9090 is in use (METRICS_PORT): set METRICS_PORT to a free port");
    const other = Object.assign(new Error("listen EACCES"), { code: "EACCES", port: 80 });
    expect(explainListenError(other, ports)).toBe(other);
  });
});
