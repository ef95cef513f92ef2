/**
 * The logger as an operator reads it: JSON lines in production with the level, the message and the fields,
 * secrets redacted wherever they sit, the request id on lines logged while serving a request, information on
 * standard output and problems on standard error; readable lines in development.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { PROJECT_ROOT } from "../../src/db/migrate.ts";

const LOG = path.join(PROJECT_ROOT, "src", "log.ts");

/** Runs `body` (with `log` and `withRequestId` in scope) in a fresh process and returns what it printed. */
function logged(body: string, env: Record<string, string>): { stdout: string; stderr: string } {
  const script = `import { log, withRequestId } from ${JSON.stringify(LOG)};\n${body}`;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, ...env },
  });
  expect(result.status, result.stderr).toBe(0);
  return { stdout: result.stdout, stderr: result.stderr };
}

const lines = (text: string) =>
  text
    .trim()
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("production", () => {
  test("JSON lines: information on standard output, warnings and errors on standard error", () => {
    const { stdout, stderr } = logged(`log.info("started", { port: 4000 }); log.warn("slow"); log.debug("no");`, {
      NODE_ENV: "production",
    });
    expect(lines(stdout)).toEqual([{ level: "info", time: expect.any(String), port: 4000, message: "started" }]);
    expect(lines(stderr)).toEqual([{ level: "warn", time: expect.any(String), message: "slow" }]);
  });

  test("tokens, passwords, authorization headers and connection strings are redacted, nested too", () => {
    const { stdout } = logged(
      `log.info("x", { token: "eyJ.abc.def", password: "pw", databaseUrl: "postgres://u:pw@h/d",
         headers: { authorization: "Bearer eyJ.abc.def" }, kept: "visible" });`,
      { NODE_ENV: "production" },
    );
    expect(stdout).not.toMatch(/eyJ|pw@|"pw"/);
    expect(lines(stdout)[0]).toMatchObject({
      token: "[redacted]",
      password: "[redacted]",
      databaseUrl: "[redacted]",
      headers: { authorization: "[redacted]" },
      kept: "visible",
    });
  });

  test("lines logged while serving a request carry its id, and only those", () => {
    const { stderr } = logged(
      `await withRequestId("req-42", async () => { await Promise.resolve(); log.error("failed", { x: 1 }); });
       log.error("outside");`,
      { NODE_ENV: "production" },
    );
    const [inside, outside] = lines(stderr);
    expect(inside).toMatchObject({ requestId: "req-42", message: "failed", x: 1 });
    expect(outside).not.toHaveProperty("requestId");
  });

  test("LOG_LEVEL warn or error: problems on standard error only, once", () => {
    for (const level of ["warn", "error"]) {
      const { stdout, stderr } = logged(`log.info("i"); log.warn("w"); log.error("e");`, {
        NODE_ENV: "production",
        LOG_LEVEL: level,
      });
      expect(stdout, level).toBe("");
      expect(
        lines(stderr).map((line) => line.message),
        level,
      ).toEqual(level === "warn" ? ["w", "e"] : ["e"]);
    }
  });

  test("LOG_LEVEL sets the threshold", () => {
    const { stdout } = logged(`log.debug("d"); log.info("i");`, { NODE_ENV: "production", LOG_LEVEL: "debug" });
    expect(lines(stdout).map((line) => line.message)).toEqual(["d", "i"]);
  });
});

test("development: one readable line each, with the level and the fields", () => {
  const { stdout, stderr } = logged(`log.info("started", { port: 4000 }); log.error("broken");`, {});
  expect(stdout).toMatch(/^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\] INFO: started \{"port":4000\}\n$/);
  expect(stderr).toMatch(/ERROR: broken\n$/);
});
