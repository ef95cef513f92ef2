/**
 * What every command shares: its command line (options checked, `--help` answered from the same
 * description) and its outcome (configuration and usage mistakes in one line with exit code 2, anything else
 * with its stack and exit code 1).
 */
import { parseArgs } from "node:util";
import { ConfigError } from "../config.ts";

/** A mistake in how a command was called; reported without a stack trace. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** One option of a command: its type, how `--help` shows its value and what it means. */
export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  /** Shown after the option in `--help`, e.g. `<code>`; strings only. */
  value?: string;
  /** The default, shown in `--help` and returned when the option is absent. */
  default?: string;
  description: string;
}

export interface CommandSpec<O extends Record<string, OptionSpec>> {
  /** How to call it, e.g. `npm run -s token -- --tenant <code> [options]`. */
  usage: string;
  /** What it does, in a sentence or two. */
  summary: string;
  options: O;
  /** Positional arguments: their names for `--help` (none allowed when absent). */
  positionals?: string;
  /** More lines for `--help`, after the options. */
  notes?: string;
}

type Values<O extends Record<string, OptionSpec>> = {
  [K in keyof O]: O[K]["type"] extends "boolean"
    ? boolean | undefined
    : O[K]["default"] extends string
      ? string
      : string | undefined;
};

/** The `--help` text of a command. */
export function helpText(spec: CommandSpec<Record<string, OptionSpec>>): string {
  const rows = Object.entries(spec.options).map(([name, option]) => {
    const flag = `${option.short === undefined ? "    " : `-${option.short}, `}--${name}${option.value ? ` ${option.value}` : ""}`;
    const fallback = option.default === undefined ? "" : ` (default: ${option.default})`;
    return [flag, `${option.description}${fallback}`] as const;
  });
  rows.push(["-h, --help", "this text"]);
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [
    `Usage: ${spec.usage}`,
    "",
    spec.summary,
    "",
    "Options:",
    ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
    ...(spec.notes === undefined ? [] : ["", spec.notes]),
    "",
  ].join("\n");
}

/**
 * Reads the command line: answers `--help` (prints and exits 0) and refuses unknown options, missing values
 * and stray arguments with a UsageError that points at `--help`.
 */
export function parseCommandLine<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  args: string[] = process.argv.slice(2),
): { values: Values<O>; positionals: string[] } {
  const options = Object.fromEntries([
    ...Object.entries(spec.options).map(([name, { type, short, default: fallback }]) => [
      name,
      { type, ...(short === undefined ? {} : { short }), ...(fallback === undefined ? {} : { default: fallback }) },
    ]),
    ["help", { type: "boolean", short: "h" }],
  ]);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: spec.positionals !== undefined, strict: true });
  } catch (error) {
    const reason = (error as Error).message
      .split("\n")[0]!
      .replace(/\. To specify a positional argument.*$/, "")
      .replace(/\.+$/, "");
    throw new UsageError(`${reason}. See: ${spec.usage.split(" -- ")[0]} -- --help`);
  }
  if (parsed.values.help === true) {
    process.stdout.write(helpText(spec));
    process.exit(0);
  }
  return { values: parsed.values as Values<O>, positionals: parsed.positionals };
}

/**
 * parseCommandLine for scripts that do not run through runCommand (benchmarks, test tools): a mistake is one
 * line on standard error and exit code 2.
 */
export function commandLineOrExit<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  args: string[] = process.argv.slice(2),
): { values: Values<O>; positionals: string[] } {
  try {
    return parseCommandLine(spec, args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}

/**
 * Runs a command's `main`: its exit code is what it returns (0 by default); a ConfigError or UsageError is one
 * line on standard error and exit code 2; anything else is printed with its stack and exit code 1.
 */
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
