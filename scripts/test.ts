/**
 * `npm test`: provisions the test tools (scripts/provision.ts), says at the top what could not be had, then
 * runs the whole suite with vitest (Biome and the type-check first, then the tests with and without a
 * database). Arguments go to vitest (`npm test -- test/api.test.ts`). The exit code is vitest's, and 1 when a
 * tool is missing even if every test that could run passed.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { missingLines, PROJECT_ROOT, provisionTools, toolEnvironment } from "./provision.ts";

const USAGE = `Usage: npm test [-- [vitest options] [test files]]

Runs the whole suite: Biome and the type-check, the tests without a database, then the database tests.
pgTAP's SQL script and promtool are fetched from Debian's packages into node_modules/.cache when missing;
Chromium, for the browser tests, is installed with apt-get install chromium when missing and run as root.

Environment:
  ROOT_DATABASE_URL       a superuser connection for the test databases (else DATABASE_URL, when its role
                          may create roles and databases, else the local PostgreSQL at 127.0.0.1:5432)
  TEST_EMBEDDED_DATABASE  1: use an embedded PostgreSQL even when a server answers
  PGTAP_SQL, PROMTOOL     use these files instead of fetching the tools
  CHROMIUM                the Chromium to run instead of chromium or chromium-browser on the PATH

Examples:
  npm test -- test/api.test.ts   one file
  npm test -- -t "idempotency"   tests whose name matches
  npm test -- -u                 rewrite data/schema.sql and data/schema.graphql
Every vitest option works too (npx vitest --help lists them).
`;

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const tools = await provisionTools();
const missing = missingLines(tools);
if (missing.length > 0) {
  process.stdout.write(
    `${missing.map((line) => `MISSING ${line}`).join("\n")}\n` +
      "The tests that need it fail; every other test runs.\n\n",
  );
}
const vitest = path.join(PROJECT_ROOT, "node_modules", "vitest", "vitest.mjs");
const run = spawnSync(process.execPath, [vitest, "run", ...process.argv.slice(2)], {
  cwd: PROJECT_ROOT,
  stdio: "inherit",
  env: { ...process.env, ...toolEnvironment(tools), BUO_TEST_MISSING: missing.join("\n") },
});
process.exitCode = run.status ?? 1;
if (missing.length > 0 && process.exitCode === 0) process.exitCode = 1;
