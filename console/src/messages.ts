/**
 * The API's error codes as sentences a supervisor or operator can act on, and which field of a form an error
 * concerns. The codes are the service's own (src/errors.ts); the sentence comes first, the service's message
 * (which names the value at fault) after it when it adds something.
 */
import type { ErrorCode } from "../../src/errors.ts";
import { ApiError } from "./api.ts";

const SENTENCES: Record<ErrorCode | "NETWORK", string> = {
  GRAPHQL_PARSE_FAILED: "The console sent a request the service could not read.",
  GRAPHQL_VALIDATION_FAILED: "The console and the service disagree about the API; reload the page.",
  UNAUTHENTICATED: "Your sign-in is no longer valid; sign in again.",
  FORBIDDEN: "Your role may not do this.",
  INVALID_INPUT: "Check this value.",
  NOT_FOUND: "This no longer exists, or belongs to another tenant.",
  CONFLICT: "Someone changed this at the same time; reload and try again.",
  CONSTRAINT_VIOLATION: "The warehouse's rules refuse this value.",
  INVALID_REFERENCE: "This refers to something that does not exist.",
  INSUFFICIENT_STOCK: "There is not enough stock for this quantity.",
  CAPACITY_EXCEEDED: "The location has no room left for this quantity.",
  INCOMPATIBLE_LOCATION: "This location may not hold this material (temperature, hazmat, velocity class or mixing).",
  LOCATION_NOT_EMPTY: "The location still holds stock.",
  ALREADY_DECIDED: "Someone already decided this putaway.",
  IDEMPOTENCY_KEY_REUSED: "This request was already sent with other values.",
  RETRY: "The warehouse changed while this was planned; try again.",
  TIMEOUT: "The service took too long; try again.",
  QUERY_TOO_COMPLEX: "The request is too large; narrow it.",
  RATE_LIMITED: "Too many requests; wait a moment.",
  UNAVAILABLE: "The database is not reachable right now; try again shortly.",
  BUSY: "The service is busy; try again in a moment.",
  BAD_REQUEST: "The service could not read the request.",
  HEADERS_TOO_LARGE: "The request's headers are too large.",
  REQUEST_TIMEOUT: "The request did not arrive in time; try again.",
  PAYLOAD_TOO_LARGE: "The request is too large; send fewer lines.",
  UNSUPPORTED_MEDIA_TYPE: "The service could not read the request.",
  METHOD_NOT_ALLOWED: "The service refused the request.",
  NOT_ACCEPTABLE: "The service refused the request.",
  INTERNAL: "Something went wrong in the service; the error was logged.",
  NETWORK: "The service did not answer; check the connection.",
};

/** The sentence for an error, with the service's own message when it says more. */
export function sentence(error: unknown): string {
  if (!(error instanceof ApiError)) return "Something went wrong in this page; reload it and try again.";
  const known = SENTENCES[error.code as ErrorCode];
  if (known === undefined) return error.message;
  if (error.code === "INTERNAL" || error.code === "NETWORK") return known;
  return error.message.length > 0 && error.message !== known ? `${known} ${error.message}` : known;
}

/** Which line and field of a putaway request an error names (`items[2].quantity …`), when it names one. */
export function itemField(error: unknown): { line: number; field: string } | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const named = /items\[(\d+)\]\.(\w+)/.exec(error.message);
  if (named !== null) return { line: Number(named[1]), field: named[2]! };
  const index = error.details.itemIndex;
  return typeof index === "number" ? { line: index, field: "materialId" } : undefined;
}
