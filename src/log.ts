/**
 * The service's logger: one JSON object a line in production (for the cluster's log collector), readable
 * lines in development. Nothing fancy on purpose: the hot path does not log.
 */
type Level = "debug" | "info" | "warn" | "error";

const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const json = process.env.NODE_ENV === "production";
const minimum: Level = (["debug", "info", "warn", "error"] as const).find((l) => l === process.env.LOG_LEVEL) ?? "info";

let infoStream: NodeJS.WritableStream = process.stdout;

/** Sends every log line to standard error: for commands whose standard output is their result. */
export function logToStderr(): void {
  infoStream = process.stderr;
}

function write(level: Level, message: string, fields?: Record<string, unknown>): void {
  if (RANK[level] < RANK[minimum]) return;
  const stream = level === "error" || level === "warn" ? process.stderr : infoStream;
  if (json) {
    stream.write(JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }) + "\n");
  } else {
    const extra = fields === undefined || Object.keys(fields).length === 0 ? "" : " " + JSON.stringify(fields);
    stream.write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}${extra}\n`);
  }
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
