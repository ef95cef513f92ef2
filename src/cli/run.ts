/**
 * Runs a command's main function: configuration and usage mistakes are reported in one line, anything
 * else with its stack, and the exit code says which.
 */
import { ConfigError } from "../config.ts";

/** A mistake in how a command was called; reported without a stack trace. */
export class UsageError extends Error {
  override name = "UsageError";
}

export function runCommand(main: () => Promise<number | undefined>): void {
  main().then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (error: unknown) => {
      if (error instanceof ConfigError || error instanceof UsageError) {
        process.stderr.write(`${error.message}\n`);
        process.exitCode = 2;
      } else {
        process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exitCode = 1;
      }
    },
  );
}
