/**
 * The service's logger: one JSON object a line in production (for the cluster's log collector), readable
 * lines in development. Nothing fancy on purpose: the hot path does not log.
 *
 * NODE_ENV and LOG_LEVEL are read through config.ts's own checks, on the first line logged, so that the
 * logger works before (and without) loadConfig; every command loads the configuration first, and a bad
 * LOG_LEVEL stops it there with a ConfigError.
 */
import { isProduction, type LogLevel, logLevel } from "./config.ts";

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let settings: { minimum: LogLevel; json: boolean } | undefined;
let infoStream: NodeJS.WritableStream = process.stdout;

/** Sends every log line to standard error: for commands whose standard output is their result. */
export function logToStderr(): void {
  infoStream = process.stderr;
}

function write(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
  settings ??= { minimum: logLevel(), json: isProduction() };
  if (RANK[level] < RANK[settings.minimum]) return;
  const stream = level === "error" || level === "warn" ? process.stderr : infoStream;
  if (settings.json) {
    stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
  } else {
    const extra = fields === undefined || Object.keys(fields).length === 0 ? "" : ` ${JSON.stringify(fields)}`;
    stream.write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}${extra}\n`);
  }
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
