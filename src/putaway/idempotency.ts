/**
 * Idempotency keys of the putaway and re-slotting mutations. The database keeps them (app_private.putaway_idempotency_keys,
 * through app_hidden.claim_putaway_idempotency and record_putaway_idempotency): the same key from the same
 * tenant gets the first answer back and writes nothing new; the key with another request is refused
 * (IDEMPOTENCY_KEY_REUSED); a second request with a key still in use waits for the first to finish.
 */

import { ClientError } from "../errors.ts";
import type { QueryClient } from "./client.ts";

/** The mutations that take an idempotency key. */
export type IdempotentOperation =
  | "createBatchPutawayRecommendations"
  | "confirmPutaway"
  | "createReslottingTasks"
  | "confirmMove";

/** Longest key accepted, in characters (Unicode code points, whatever their UTF-16 or UTF-8 length). */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;
/** Keys are kept at least this long (and at least as long as a reservation lasts). */
export const IDEMPOTENCY_KEEP_MINUTES = 24 * 60;

/** The request as the database compares it: JSON without null fields, so that null and omitted are the same. */
function requestJson(request: unknown): string {
  return JSON.stringify(request, (_key, value) => (value === null ? undefined : value));
}

/**
 * Checks a client's idempotency key: 1 to 255 characters (code points, as PostgreSQL's char_length counts),
 * not blank.
 * @throws ClientError INVALID_INPUT
 */
export function checkIdempotencyKey(key: string): string {
  if (key.trim() === "" || [...key].length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    throw new ClientError(
      "INVALID_INPUT",
      `idempotencyKey must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} characters, not blank, when given`,
    );
  }
  return key;
}

/**
 * Claims a key for the request's transaction (a concurrent request with the same key waits until this one
 * ends). Returns the first answer when the key was already used for the same request, undefined when it is
 * new; a key used for another request raises IDEMP, which the server reports as IDEMPOTENCY_KEY_REUSED.
 */
export async function claimIdempotencyKey<T>(
  client: QueryClient,
  key: string,
  operation: IdempotentOperation,
  request: unknown,
): Promise<T | undefined> {
  const { rows } = await client.query<{ response: T | null }>({
    text: "select app_hidden.claim_putaway_idempotency($1, $2, $3::jsonb) as response",
    values: [key, operation, requestJson(request)],
  });
  return rows[0]?.response ?? undefined;
}

/** Stores the answer to a claimed key, in the same transaction as the work it describes. */
export async function recordIdempotencyKey(
  client: QueryClient,
  key: string,
  operation: IdempotentOperation,
  request: unknown,
  response: unknown,
  keepMinutes: number,
): Promise<void> {
  await client.query({
    text: "select app_hidden.record_putaway_idempotency($1, $2, $3::jsonb, $4::jsonb, make_interval(mins => $5))",
    values: [key, operation, requestJson(request), JSON.stringify(response), keepMinutes],
  });
}
