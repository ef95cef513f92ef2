/**
 * `npm run bench -- --quick`, the smoke run of every benchmark: the commands behind the README's figures keep
 * working as the schema's rules grow (each builds and drops its own database on the test server). Figures are
 * printed, never asserted: the machines are shared and noisy.
 */
import path from "node:path";
import { expect, test } from "vitest";
import { PROJECT_ROOT } from "../src/db/migrate.ts";
import { cleanEnvironment, runProcess } from "./support/process.ts";

test("npm run bench -- --quick runs every benchmark to the end", { timeout: 300_000 }, async () => {
  const { status, stdout, stderr } = await runProcess(
    process.execPath,
    ["--import", "./scripts/require-node.mjs", path.join("bench", "all.ts"), "--quick"],
    { cwd: PROJECT_ROOT, env: cleanEnvironment() },
  );
  expect(stderr).toBe("");
  expect(status).toBe(0);
  for (const heading of [
    "## Engine alone",
    "## End to end over HTTP",
    "## Throughput",
    "## One refresh of bin_utilization_cache",
    "## A burst",
    "## Floor map",
  ]) {
    expect(stdout).toContain(heading);
  }
});
