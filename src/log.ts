/**
 * The service's logger, on pino: one JSON object a line in production (for the cluster's log collector),
 * readable lines in development (pino-pretty, a development dependency). Information goes to standard output
 * (or standard error, for commands whose standard output is their result), warnings and errors to standard
 * error. Secrets are redacted by key wherever they sit in a line's fields (tokens, passwords, authorization
 * headers, connection strings), and a line logged while serving a request carries its `requestId`.
 *
 * NODE_ENV and LOG_LEVEL are read through config.ts's own checks, on the first line logged, so that the
 * logger works before (and without) loadConfig; every command loads the configuration first, and a bad
 * LOG_LEVEL stops it there with a ConfigError. The hot path does not log.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";
import pino from "pino";
import type PinoPretty from "pino-pretty";
import { isProduction, type LogLevel, logLevel } from "./config.ts";

/** Field names whose values never reach a log line, at the top level or one level down. */
const SECRET_KEYS = [
  "token",
  "password",
  "secret",
  "authorization",
  "cookie",
  "databaseUrl",
  "connectionString",
  "superuserUrl",
  "rootUrl",
  "ownerUrl",
  "authUrl",
];
const REDACT_PATHS = [...SECRET_KEYS, ...SECRET_KEYS.map((key) => `*.${key}`)];

/** What the lines logged while serving one request carry. */
const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `work` with `requestId` attached to every line it logs. */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return requestContext.run({ requestId }, work);
}

let logger: pino.Logger | undefined;
let infoToStderr = false;
let throughConsole = false;

/** Sends every log line to standard error: for commands whose standard output is their result. */
export function logToStderr(): void {
  infoToStderr = true;
  logger = undefined;
}

/**
 * Sends log lines through `console` instead of the process's file descriptors: a test runner then shows them
 * with the test that wrote them (and can keep a passing test's to itself).
 */
export function logThroughConsole(): void {
  throughConsole = true;
  logger = undefined;
}

/** One line at a time to console.log (standard output) or console.error (standard error). */
function consoleStream(fd: number): pino.DestinationStream {
  return { write: (line: string) => (fd === 2 ? console.error : console.log)(line.trimEnd()) };
}

/** Readable lines for a terminal, when pino-pretty is installed (development); JSON otherwise. */
function prettyStream(destination: number): pino.DestinationStream | undefined {
  try {
    const pretty = createRequire(import.meta.url)("pino-pretty") as typeof PinoPretty;
    return pretty({
      destination,
      sync: true,
      colorize: false,
      singleLine: true,
      ignore: "pid,hostname",
      translateTime: "UTC:yyyy-mm-dd'T'HH:MM:ss.l'Z'",
    });
  } catch {
    return undefined;
  }
}

function create(): pino.Logger {
  const level: LogLevel = logLevel();
  const out = infoToStderr ? 2 : 1;
  const stream = (fd: number) =>
    throughConsole
      ? consoleStream(fd)
      : ((isProduction() ? undefined : prettyStream(fd)) ?? pino.destination({ fd, sync: true }));
  return pino(
    {
      level,
      base: undefined,
      messageKey: "message",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      mixin: () => requestContext.getStore() ?? {},
    },
    // With dedupe a line goes to the one stream of the highest level at or below its own: information to `out`,
    // warnings and errors to standard error (and only there when LOG_LEVEL is warn or error).
    pino.multistream(
      [
        ...(pino.levels.values[level]! < pino.levels.values.warn! ? [{ level, stream: stream(out) }] : []),
        { level: "warn" as const, stream: stream(2) },
      ],
      { dedupe: true },
    ),
  );
}

function write(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
  logger ??= create();
  if (fields === undefined) logger[level](message);
  else logger[level](fields, message);
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
