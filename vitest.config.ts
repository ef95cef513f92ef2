/**
 * Three projects, in this order: the source checks (Biome, tsc), then the tests that need no database
 * (test/unit: engine, model, configuration, manifests) beside the tests that run on PostgreSQL (test/*.test.ts,
 * each file on its own copy of a template database built once per run by test/global-setup.ts).
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    reporters: ["default", "./test/support/counts-reporter.ts"],
    // What a test logs is shown when it fails: passing tests provoke errors on purpose, and their log lines
    // would look like failures.
    silent: "passed-only",
    setupFiles: ["./test/support/log-through-console.ts"],
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: "checks",
          include: ["test/checks/**/*.test.ts"],
          sequence: { groupOrder: 0 },
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: "database",
          include: ["test/*.test.ts"],
          globalSetup: ["./test/global-setup.ts"],
          pool: "forks",
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
