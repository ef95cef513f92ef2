/**
 * Run-time checks of task payloads. Jobs queued from SQL (triggers, crontab, DBAs) bypass TypeScript, so
 * every task checks what it was given before it touches the database; a bad payload fails the job with a
 * message that names the task and the field, and for good: the job is not retried (see job.ts), since the same
 * payload would fail again.
 */
import { UUID_PATTERN } from "../src/auth/jwt.ts";

/** A payload no run of the task can accept; the job fails permanently at once instead of being retried. */
export class InvalidPayloadError extends Error {
  override name = "InvalidPayloadError";
}

/** Throws unless `payload` is a plain JSON object (a crontab job adds `_cron` to it). */
export function assertPayloadObject(payload: unknown, task: string): asserts payload is Record<string, unknown> {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    throw new InvalidPayloadError(`${task}: the payload must be a JSON object`);
  }
}

/** `payload[key]` when it is a UUID, undefined when absent; throws otherwise. */
export function optionalUuid(payload: Record<string, unknown>, key: string, task: string): string | undefined {
  const value = payload[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || !UUID_PATTERN.test(value)) {
    throw new InvalidPayloadError(`${task}: ${key} must be a UUID`);
  }
  return value;
}

/** `payload[key]` when it is a number within [min, max], undefined when absent; throws otherwise. */
export function optionalNumber(
  payload: Record<string, unknown>,
  key: string,
  task: string,
  min: number,
  max: number,
): number | undefined {
  const value = payload[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new InvalidPayloadError(`${task}: ${key} must be a number from ${min} to ${max}`);
  }
  return value;
}

/**
 * `payload[key]` when it is a PostgreSQL transaction id (xid8, as the decimal text `pg_current_xact_id()::text`
 * gives), undefined when absent; throws otherwise.
 */
export function optionalTransactionId(payload: Record<string, unknown>, key: string, task: string): string | undefined {
  const value = payload[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || !/^[0-9]{1,20}$/.test(value) || BigInt(value) >= 2n ** 64n) {
    throw new InvalidPayloadError(`${task}: ${key} must be a transaction id (digits)`);
  }
  return value;
}
