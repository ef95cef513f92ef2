/**
 * What a client sees when something goes wrong. Every error leaves with a stable `extensions.code` (the codes,
 * and the domain's ClientError, are in ../errors.ts) and a readable message; domain errors raised in SQL keep
 * their message, constraint violations are explained by the constraint's own comment (loaded once at
 * start-up), a database that cannot be reached is UNAVAILABLE (logged once per outage by the pool's
 * availability), and anything unexpected is logged with an id and replaced by a message that names only
 * that id.
 */
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { isSafeError } from "postgraphile/grafast";
import type { ExecutionConfig } from "postgraphile/grafserv";
import { GraphQLError, type ValidationContext, type ValidationRule } from "postgraphile/graphql";
import { AuthError } from "../auth/jwt.ts";
import type { LimitSettings } from "../config.ts";
import { AbandonedError, type DatabaseAvailability, isAbandoned, isPoolBusy } from "../db/pool.ts";
import { ClientError, type ErrorCode } from "../errors.ts";
import { log } from "../log.ts";
import { publicExtensions } from "./http-errors.ts";
import { maxNesting, textNesting, tooDeeplyNested } from "./limits.ts";

/**
 * Custom SQLSTATEs raised by the schema's functions and triggers (`raise ... using errcode = 'STOCK'`),
 * and the code the client sees for each.
 */
const DOMAIN_SQLSTATES: Record<string, ErrorCode> = {
  STOCK: "INSUFFICIENT_STOCK",
  CAPAC: "CAPACITY_EXCEEDED",
  DECID: "ALREADY_DECIDED",
  STALE: "RETRY",
  INVAL: "INVALID_INPUT",
  NOTFD: "NOT_FOUND",
  DENY1: "FORBIDDEN",
  IDEMP: "IDEMPOTENCY_KEY_REUSED",
  INUSE: "LOCATION_NOT_EMPTY",
  INCMP: "INCOMPATIBLE_LOCATION",
  TLONG: "CONSTRAINT_VIOLATION",
};

interface PgError extends Error {
  code: string;
  constraint?: string;
  column?: string;
  table?: string;
  detail?: string;
  hint?: string;
}

function isPgError(error: unknown): error is PgError {
  return (
    error instanceof Error &&
    typeof (error as Partial<PgError>).code === "string" &&
    /^[0-9A-Z]{5}$/.test((error as PgError).code) &&
    "severity" in error
  );
}

/** Readable explanations of constraints, from `comment on constraint` (smart-tag lines removed). */
const constraintMessages = new Map<string, string>();

/** Loads the constraint comments of the exposed schema; call once at start-up. */
export async function loadConstraintMessages(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ name: string; comment: string }>(
    `select c.conname as name, d.description as comment
       from pg_catalog.pg_constraint c
       join pg_catalog.pg_description d on d.objoid = c.oid and d.classoid = 'pg_catalog.pg_constraint'::regclass
      where c.connamespace = 'app_public'::regnamespace`,
  );
  constraintMessages.clear();
  for (const { name, comment } of rows) {
    const text = comment
      .split("\n")
      .filter((line) => !line.startsWith("@"))
      .join(" ")
      .trim();
    if (text !== "") constraintMessages.set(name, text);
  }
}

function explainPgError(error: PgError): { code: ErrorCode; message: string } | undefined {
  const domain = DOMAIN_SQLSTATES[error.code];
  if (domain !== undefined) return { code: domain, message: error.message };
  const explained = error.constraint === undefined ? undefined : constraintMessages.get(error.constraint);
  switch (error.code) {
    case "23505":
      return { code: "CONFLICT", message: explained ?? `A row with the same ${uniqueColumns(error)} already exists` };
    case "23503":
      return {
        code: "INVALID_REFERENCE",
        message: explained ?? `The referenced ${error.table ?? "row"} does not exist`,
      };
    case "23514":
      return { code: "CONSTRAINT_VIOLATION", message: explained ?? `The value breaks the rule ${error.constraint}` };
    case "23502":
      return { code: "INVALID_INPUT", message: `${error.column ?? "A required value"} must not be null` };
    case "42501":
      return { code: "FORBIDDEN", message: "Your role is not allowed to do this" };
    case "40001":
    case "40P01":
      return { code: "RETRY", message: "The request collided with a concurrent change; retry it" };
    case "57014":
      return { code: "TIMEOUT", message: "The request took too long and was cancelled; nothing was changed" };
    case "55P03":
      return {
        code: "RETRY",
        message: "Another request holds a lock this request needs; nothing was changed, retry it",
      };
  }
  // Class 22 (data exception): PostgreSQL's own message names the bad value and is safe to show.
  if (error.code.startsWith("22")) return { code: "INVALID_INPUT", message: error.message };
  return undefined;
}

function uniqueColumns(error: PgError): string {
  const match = /^Key \(([^)]*)\)=/.exec(error.detail ?? "");
  return match?.[1]?.replace(/\btenant_id,\s*/, "") ?? "key";
}

/** SQLSTATEs of a server that is shutting down, starting up, full, or gone. */
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300", "53400"]);
/** Node's errors for a server that cannot be reached. */
const UNREACHABLE_ERRNOS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
]);

/**
 * True when an error says the database cannot be reached (refused, reset, timed out, shutting down, out
 * of connections) rather than that the request was wrong: pg-pool's and pg's own connection errors carry
 * no SQLSTATE, only these messages.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    if (UNREACHABLE_ERRNOS.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  return /^Connection terminated( unexpectedly| due to connection timeout)?$/.test(error.message);
}

function withCode(error: GraphQLError, code: string, message: string, extra?: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...publicExtensions(extra), code },
  });
}

/**
 * True when an error is the client's doing (bad input, a refused operation, a missing token) rather than the
 * service's: the metrics count only the latter as errors.
 */
export function isClientFault(error: unknown): boolean {
  if (error instanceof ClientError) {
    return !["RETRY", "TIMEOUT", "UNAVAILABLE", "BUSY", "INTERNAL"].includes(error.code);
  }
  // A client that hung up is not the service's failure, whatever its statements then failed with.
  if (error instanceof AbandonedError || isAbandoned()) return true;
  if (isDatabaseUnavailable(error) || isPoolBusy(error)) return false;
  if (error instanceof AuthError || error instanceof GraphQLError) return true;
  if (error instanceof Error && isSafeError(error)) return true;
  if (isPgError(error)) {
    const explained = explainPgError(error);
    return explained !== undefined && !["RETRY", "TIMEOUT"].includes(explained.code);
  }
  return false;
}

/**
 * graphql-js's refusals of a request whose operation cannot be chosen (raised while preparing it, without
 * pointing into the document): the client's mistake.
 */
const OPERATION_CHOICE_ERRORS = [
  /^Unknown operation named ".*"\.$/s,
  /^Must provide an operation\.$/,
  /^Must provide operation name if query contains multiple operations\.$/,
];

/**
 * A validation rule that refuses operations of a kind the schema does not have (subscriptions: this API
 * has none), which graphql-js 16 leaves for execution to fail on.
 */
export const knownOperationTypeRule: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    const schema = context.getSchema();
    const root =
      operation.operation === "query"
        ? schema.getQueryType()
        : operation.operation === "mutation"
          ? schema.getMutationType()
          : schema.getSubscriptionType();
    if (root == null) {
      context.reportError(
        new GraphQLError(`This API has no ${operation.operation} operations; send a query or a mutation`, {
          nodes: operation,
          extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
        }),
      );
    }
    return false;
  },
});

/**
 * grafserv's maskError: see the file comment. `availability` (the API pool's) hears of every error that
 * says the database cannot be reached.
 */
export function maskError(error: GraphQLError, availability?: DatabaseAvailability): GraphQLError {
  const original = error.originalError;
  if (original == null || original instanceof GraphQLError) {
    // Errors raised with a code (ours, grafserv's, a coded error inside) are meant for the client.
    if (error.extensions?.code !== undefined) return error;
    // Validation and coercion errors point into the document: the client's own mistake, already readable.
    // Anything else without an original is an unexpected exception grafserv wrapped by its message alone
    // (`new GraphQLError(e.message)`): masked below like any other.
    if (error.nodes !== undefined || error.positions !== undefined || error.locations !== undefined) {
      return withCode(error, "INVALID_INPUT", error.message);
    }
    if (original == null && OPERATION_CHOICE_ERRORS.some((pattern) => pattern.test(error.message))) {
      return withCode(error, "BAD_REQUEST", error.message);
    }
  }
  if (original instanceof ClientError) return withCode(error, original.code, original.message, original.details);
  if (original instanceof AuthError) return withCode(error, original.code, original.message);
  if (original != null && isSafeError(original)) {
    return withCode(error, String(original.extensions?.code ?? "INVALID_INPUT"), original.message, original.extensions);
  }
  if (original instanceof AbandonedError || (isAbandoned() && original != null)) {
    // Nobody is waiting for this answer; its transaction did not commit.
    log.debug("A request was abandoned by its client", { path: error.path?.join(".") });
    return withCode(error, "TIMEOUT", "The request was abandoned before it finished; nothing was changed");
  }
  if (isPoolBusy(original)) {
    // Not an outage (the connections in use are fine), so not logged as one; the metrics count it.
    return withCode(
      error,
      "BUSY",
      "The service is busy: no database connection came free in time; nothing was changed, retry shortly",
    );
  }
  if (isDatabaseUnavailable(original)) {
    availability?.unavailable(original as Error);
    return withCode(
      error,
      "UNAVAILABLE",
      "The database cannot be reached at the moment; nothing was changed, retry shortly",
    );
  }
  if (isPgError(original)) {
    const explained = explainPgError(original);
    if (explained !== undefined) return withCode(error, explained.code, explained.message);
  }
  const errorId = randomUUID();
  log.error("Unexpected error in a GraphQL request", {
    errorId,
    path: error.path?.join("."),
    error:
      original == null
        ? error.message
        : original instanceof Error
          ? (original.stack ?? original.message)
          : String(original),
    sqlstate: isPgError(original) ? original.code : undefined,
  });
  return withCode(error, "INTERNAL", `An unexpected error occurred; it was logged with id ${errorId}`, { errorId });
}

/**
 * grafserv answers syntax and validation errors itself, without maskError; these two helpers give those
 * errors their codes too. This one codes validation errors as the rules report them.
 */
export function withValidationCode(rule: ValidationRule): ValidationRule {
  return (context) =>
    rule(
      new Proxy(context, {
        get(target, key) {
          if (key === "reportError") {
            return (error: GraphQLError) =>
              target.reportError(
                new GraphQLError(error.message, {
                  nodes: error.nodes,
                  source: error.source,
                  positions: error.positions,
                  extensions: { ...error.extensions, code: "GRAPHQL_VALIDATION_FAILED" },
                }),
              );
          }
          const value = Reflect.get(target, key, target);
          return typeof value === "function" ? value.bind(target) : value;
        },
      }) as ValidationContext,
    );
}

type ParseAndValidate = ExecutionConfig["parseAndValidate"];
const codedParseAndValidate = new WeakMap<ParseAndValidate, ParseAndValidate>();

/**
 * Gives syntax errors GRAPHQL_PARSE_FAILED (graphql-js's parser reports them as "Syntax Error: …"), and any
 * other error of grafserv's parseAndValidate still without a code (validation's own "too many errors")
 * GRAPHQL_VALIDATION_FAILED. grafserv's function (and its bounded cache of parsed documents) does the work;
 * nothing is parsed twice or kept here.
 */
export function withParseErrorCode(
  config: ExecutionConfig,
  settings: Pick<LimitSettings, "maxDepth">,
): ExecutionConfig {
  const parseAndValidate = config.parseAndValidate;
  const nestingLimit = maxNesting(settings);
  let coded = codedParseAndValidate.get(parseAndValidate);
  if (coded === undefined) {
    coded = (query) => {
      // The parser is recursive: a document nested thousands deep would overflow the stack.
      const nesting = textNesting(query, nestingLimit);
      if (nesting > nestingLimit) return { errors: [tooDeeplyNested(nesting, nestingLimit)] };
      const result = parseAndValidate(query);
      if (result.errors === undefined || result.errors.every((e) => e.extensions?.code !== undefined)) return result;
      const code = (e: GraphQLError) =>
        e.message.startsWith("Syntax Error") ? "GRAPHQL_PARSE_FAILED" : "GRAPHQL_VALIDATION_FAILED";
      return {
        errors: result.errors.map((e) => (e.extensions?.code === undefined ? withCode(e, code(e), e.message) : e)),
      };
    };
    codedParseAndValidate.set(parseAndValidate, coded);
  }
  return { ...config, parseAndValidate: coded };
}
