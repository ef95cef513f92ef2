/**
 * Prints the run's totals as the very last line, `N passed, N failed` (and `, N skipped`), which CI reads.
 * A file that fails to load, and an error outside any test, count as failures.
 */
import type { SerializedError } from "vitest";
import type { Reporter, TestModule, TestRunEndReason } from "vitest/node";

export default class CountsReporter implements Reporter {
  onTestRunEnd(
    modules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
      }
      failed += module.errors().length;
    }
    // A run that failed outside every test (global setup, say) is not a clean "0 failed".
    if (reason !== "passed" && failed === 0) failed = 1;
    const tail = skipped > 0 ? `, ${skipped} skipped` : "";
    // What npm test could not provision (scripts/test.ts), repeated beside the totals.
    const missing = process.env.BUO_TEST_MISSING?.trim();
    if (missing) process.stdout.write(`\n${missing.replace(/^/gm, "MISSING ")}`);
    // After the default reporter's summary, on a line of its own.
    process.stdout.write(`\n${passed} passed, ${failed} failed${tail}\n`);
  }
}
