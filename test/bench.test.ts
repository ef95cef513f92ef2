/**
 * `npm run bench -- --quick`, the smoke run of every benchmark: the commands behind the README's figures keep
 * working as the schema's rules grow (each builds and drops its own database on the test server). Figures are
 * printed, never asserted: the machines are shared and noisy.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { expect, test } from "vitest";
import { PROJECT_ROOT } from "../src/db/migrate.ts";
import { cleanEnvironment } from "./support/tasks.ts";

function runBench(): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "./scripts/require-node.mjs", path.join("bench", "all.ts"), "--quick"],
      { cwd: PROJECT_ROOT, env: cleanEnvironment(), stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

test("npm run bench -- --quick runs every benchmark to the end", { timeout: 300_000 }, async () => {
  const { status, stdout, stderr } = await runBench();
  expect(stderr).toBe("");
  expect(status).toBe(0);
  for (const heading of [
    "## Engine alone",
    "## End to end over HTTP",
    "## Throughput",
    "## One refresh of bin_utilization_cache",
    "## A burst",
  ]) {
    expect(stdout).toContain(heading);
  }
});
