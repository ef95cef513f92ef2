/**
 * The errors the service raises on purpose, and the codes a client can rely on. The domain (the putaway use
 * cases, the worker's tasks) throws `ClientError` with one of these codes; the GraphQL layer
 * (server/errors.ts) turns it into the error the client sees, and maps the database's errors to the same
 * codes. Nothing here knows about HTTP or GraphQL.
 */

/** The codes a client can rely on (README.md, "Errors"). */
export type ErrorCode =
  | "GRAPHQL_PARSE_FAILED"
  | "GRAPHQL_VALIDATION_FAILED"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "INVALID_INPUT"
  | "NOT_FOUND"
  | "CONFLICT"
  | "CONSTRAINT_VIOLATION"
  | "INVALID_REFERENCE"
  | "INSUFFICIENT_STOCK"
  | "CAPACITY_EXCEEDED"
  | "INCOMPATIBLE_LOCATION"
  | "LOCATION_NOT_EMPTY"
  | "ALREADY_DECIDED"
  | "IDEMPOTENCY_KEY_REUSED"
  | "RETRY"
  | "TIMEOUT"
  | "QUERY_TOO_COMPLEX"
  | "RATE_LIMITED"
  | "UNAVAILABLE"
  | "BUSY"
  | "BAD_REQUEST"
  | "HEADERS_TOO_LARGE"
  | "REQUEST_TIMEOUT"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "METHOD_NOT_ALLOWED"
  | "NOT_ACCEPTABLE"
  | "INTERNAL";

/** An error this service raises on purpose: its message is safe to show, `details` go to the client too. */
export class ClientError extends Error {
  override name = "ClientError";
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.details = details;
  }
}
