/**
 * The console's only way to the service: GraphQL over POST with the session's bearer token, like any other
 * client. Every failure becomes an ApiError with the API's stable code; an UNAUTHENTICATED answer ends the
 * session (the token expired or was revoked), and the sign-in page shows why.
 */
import type { TypedDocumentString } from "./gql/graphql.ts";

export const GRAPHQL_PATH = "/graphql";

/** An error the API answered (or a network failure, code NETWORK): what to show comes from messages.ts. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly code: string;
  readonly details: Record<string, unknown>;
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

interface GraphQLAnswer<R> {
  data?: R | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

let token: string | undefined;
let onUnauthenticated: ((message: string) => void) | undefined;

/** The token every request carries from now on (undefined: none), and what to do when the API refuses it. */
export function setBearer(next: string | undefined, unauthenticated?: (message: string) => void): void {
  token = next;
  onUnauthenticated = unauthenticated;
}

async function send<R, V>(document: TypedDocumentString<R, V>, variables: V, bearer: string | undefined) {
  let response: Response;
  try {
    response = await fetch(GRAPHQL_PATH, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/graphql-response+json, application/json",
        ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }),
      },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
  } catch {
    throw new ApiError("NETWORK", "The service did not answer");
  }
  let answer: GraphQLAnswer<R>;
  try {
    answer = (await response.json()) as GraphQLAnswer<R>;
  } catch {
    throw new ApiError("INTERNAL", `The service answered ${response.status} without a readable body`);
  }
  const errors = (answer.errors ?? []).map((e) => {
    const { code, ...details } = e.extensions ?? {};
    return new ApiError(typeof code === "string" ? code : "INTERNAL", e.message, { ...details, path: e.path });
  });
  if (errors.some((e) => e.code === "UNAUTHENTICATED") && bearer === token) onUnauthenticated?.(errors[0]!.message);
  return { data: answer.data ?? undefined, errors };
}

/**
 * A fresh idempotency key (a random version-4 UUID). crypto.randomUUID exists only on secure pages (HTTPS or
 * localhost); a handheld on the warehouse network may open the console over plain HTTP, where
 * crypto.getRandomValues still works.
 */
export function newRequestKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Runs one operation; resolves with its data, or rejects with the first error as an ApiError. */
export async function gql<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  bearer: string | undefined = token,
): Promise<R> {
  const { data, errors } = await send(document, variables, bearer);
  if (errors[0] !== undefined) throw errors[0];
  if (data === undefined) throw new ApiError("INTERNAL", "The service answered without data");
  return data;
}

/**
 * Runs one operation whose fields may fail one by one: resolves with the data and the errors of the fields that
 * failed (their values are null), or rejects when there is no data at all.
 */
export async function gqlPartial<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
): Promise<{ data: R; errors: ApiError[] }> {
  const { data, errors } = await send(document, variables, token);
  if (data === undefined) throw errors[0] ?? new ApiError("INTERNAL", "The service answered without data");
  return { data, errors };
}
