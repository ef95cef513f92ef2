/**
 * Set-up of every test file: the service's log goes through `console`, so that vitest shows a test's log lines
 * with that test, and only when it fails (vitest.config.ts: silent "passed-only").
 */
import { logThroughConsole } from "../../src/log.ts";

logThroughConsole();
