/**
 * Answers of /graphql that grafserv writes itself (a body too large, not JSON, a batch, a wrong content
 * type, method or Accept header) get the GraphQL error shape with a stable `extensions.code`, like every
 * other error; the HTTP status stays what it was. Answers without data whose errors all share a code
 * with an HTTP meaning (UNAUTHENTICATED, FORBIDDEN, RATE_LIMITED, UNAVAILABLE) get that status. Nothing
 * internal (`statusCode`, stacks) is left in `extensions`.
 */
import type { Result } from "postgraphile/grafserv";
import { log } from "../log.ts";

/** The code of an HTTP-level refusal, by status. */
const CODE_BY_STATUS: Record<number, string> = {
  400: "BAD_REQUEST",
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  406: "NOT_ACCEPTABLE",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "RATE_LIMITED",
  503: "UNAVAILABLE",
};

/** The status of an answer without data whose errors all carry this code. */
const STATUS_BY_CODE: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  BUSY: 503,
};

/** Extension keys that describe the server, not the request. */
const INTERNAL_EXTENSIONS = ["statusCode", "stack", "exception", "cause"];

const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

interface FormattedError {
  message: string;
  locations?: unknown;
  path?: unknown;
  extensions: Record<string, unknown>;
}

/** Removes what must not reach the client from an error's extensions. */
export function publicExtensions(extensions: Record<string, unknown> | undefined): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...extensions };
  for (const key of INTERNAL_EXTENSIONS) delete copy[key];
  return copy;
}

/** A GraphQL-shaped error answer of our own (401, 403, 429 before the body is read). */
export function errorAnswer(
  statusCode: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Result {
  const buffer = Buffer.from(JSON.stringify({ errors: [{ message, extensions: { code } }] }), "utf8");
  return {
    type: "buffer",
    statusCode,
    headers: {
      "content-type": JSON_CONTENT_TYPE,
      "content-length": String(buffer.length),
      "cache-control": "no-store",
      ...headers,
    },
    buffer,
  };
}

/** A token of RFC 9110 (media types and their parameters are made of these). */
const TOKEN = "[\\w!#$%&'*+.^`|~-]+";
/** One media range of an Accept header: `type/subtype` and `;name=value` parameters. */
const MEDIA_RANGE = new RegExp(`^${TOKEN}/${TOKEN}(\\s*;\\s*${TOKEN}\\s*=\\s*(${TOKEN}|"[^"]*"))*$`);
/** A media range's weight, `;q=`, where it has one. */
const WEIGHT = /;\s*q\s*=\s*([^;]*)/i;
/** The weights RFC 9110 allows: 0 to 1 with at most three decimals. */
const VALID_WEIGHT = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/;

/**
 * Whether an element of an Accept-style header (a media range, a content coding) is wanted by its weight: it
 * has none, or a valid one above 0 (q=0 means "not acceptable").
 */
export function weightAllows(element: string): boolean {
  const weight = WEIGHT.exec(element)?.[1]?.trim();
  return weight === undefined || (VALID_WEIGHT.test(weight) && Number(weight) > 0);
}

/** Whether a media range parses and its weight allows it. */
function acceptable(range: string): boolean {
  return MEDIA_RANGE.test(range) && weightAllows(range);
}

/**
 * Reads the request's Content-Type and Accept before grafserv does, fixing up what it would misread and
 * refusing what it cannot serve: media types are matched whatever their case (RFC 9110), a body in another
 * charset than UTF-8 is refused with 415, and media ranges that do not parse, or whose weight is invalid or 0,
 * are dropped (none left: 406).
 * `headers` (the request digest's, lower-case names) is changed in place; returns the refusal, if any.
 */
export function negotiateMediaTypes(headers: Record<string, string>): Result | undefined {
  const contentType = headers["content-type"];
  if (contentType !== undefined) {
    const [type = "", ...parameters] = contentType.split(";");
    const charset = parameters
      .map((parameter) => parameter.trim().toLowerCase())
      .find((parameter) => parameter.startsWith("charset="))
      ?.slice("charset=".length)
      .replace(/^"(.*)"$/, "$1");
    if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
      return errorAnswer(415, "UNSUPPORTED_MEDIA_TYPE", `The body must be UTF-8; charset=${charset} is not supported`);
    }
    headers["content-type"] = [type.trim().toLowerCase(), ...parameters].join(";");
  }
  const accept = headers.accept;
  if (accept !== undefined && accept.trim() !== "") {
    const ranges = accept
      .split(",")
      .map((range) => range.trim())
      .filter(acceptable)
      .map((range) => range.replace(/^[^;]+/, (mediaType) => mediaType.toLowerCase()));
    if (ranges.length === 0) {
      return errorAnswer(
        406,
        "NOT_ACCEPTABLE",
        "The Accept header allows neither application/graphql-response+json nor application/json",
      );
    }
    headers.accept = ranges.join(", ");
  }
  return undefined;
}

/** Clearer words for grafserv's own messages, where it has a fixed one. */
function clearer(message: string, statusCode: number, maxRequestBytes: number): string {
  if (statusCode === 413) return `The request body is larger than ${maxRequestBytes.toLocaleString("en-US")} bytes`;
  if (message === "Invalid body; expected object") {
    return 'The body must be one JSON object ({"query": "...", "variables": {...}}); batched (array) requests are not supported';
  }
  if (message.startsWith("Parsing failed")) return "The request body is not valid JSON";
  if (message === "No body") return 'The request body is empty; send {"query": "...", "variables": {...}}';
  if (statusCode === 405) return "Send GraphQL requests with POST";
  return message;
}

function parseBody(result: Result): { errors?: unknown; data?: unknown } | undefined {
  try {
    if (result.type === "json") return result.json as { errors?: unknown; data?: unknown };
    if (result.type === "buffer") return JSON.parse(result.buffer.toString("utf8")) as { errors?: unknown };
  } catch {
    // Not JSON (grafserv answers some errors in plain text): the text becomes the message below.
  }
  return undefined;
}

/**
 * Rewrites one of grafserv's answers (see the file comment). Answers below 400 pass unchanged, except that
 * nothing is parsed there: their errors were coded by maskError already.
 */
export function withErrorCodes(result: Result | null, maxRequestBytes: number): Result | null {
  if (result === null) return null;
  let statusCode = result.statusCode;
  let payload: { errors?: unknown; data?: unknown } | undefined;
  let text: string | undefined;
  if (result.type === "error") {
    // An exception grafserv did not turn into an answer: its text may be internal.
    const safe = (result.error as { extensions?: { statusCode?: unknown } }).extensions?.statusCode !== undefined;
    if (!safe) log.error("Unexpected error while answering a GraphQL request", { error: result.error.message });
    text = safe ? result.error.message : "An unexpected error occurred";
  } else if (statusCode < 400 || (result.type !== "buffer" && result.type !== "json")) {
    return result;
  } else {
    payload = parseBody(result);
    if (payload === undefined && result.type === "buffer") text = result.buffer.toString("utf8").slice(0, 500);
  }
  const fallbackCode = CODE_BY_STATUS[statusCode] ?? (statusCode >= 500 ? "INTERNAL" : "BAD_REQUEST");
  const raw = Array.isArray(payload?.errors) ? (payload.errors as Array<Partial<FormattedError>>) : [];
  let errors: FormattedError[] = raw.map((error) => {
    const extensions = publicExtensions(error.extensions);
    const code = typeof extensions.code === "string" ? extensions.code : fallbackCode;
    return {
      ...error,
      message: clearer(String(error.message ?? ""), statusCode, maxRequestBytes),
      extensions: { ...extensions, code },
    };
  });
  if (errors.length === 0) {
    errors = [
      {
        message: clearer(text ?? "The request was refused", statusCode, maxRequestBytes),
        extensions: { code: fallbackCode },
      },
    ];
  }
  const codes = new Set(errors.map((error) => error.extensions.code as string));
  const [onlyCode] = codes;
  if (payload?.data === undefined && codes.size === 1 && onlyCode !== undefined) {
    statusCode = STATUS_BY_CODE[onlyCode] ?? statusCode;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    if (name.toLowerCase() !== "content-length") headers[name.toLowerCase()] = value;
  }
  if (!/json/.test(headers["content-type"] ?? "")) headers["content-type"] = JSON_CONTENT_TYPE;
  if (statusCode === 405) headers.allow = "POST";
  if (statusCode === 401) headers["www-authenticate"] = 'Bearer realm="bin-optimizer"';
  const body = payload?.data === undefined ? { errors } : { ...payload, errors };
  const buffer = Buffer.from(JSON.stringify(body), "utf8");
  headers["content-length"] = String(buffer.length);
  return { type: "buffer", statusCode, headers, buffer };
}
