/**
 * Run-time checks of task payloads. Jobs queued from SQL (triggers, crontab, DBAs) bypass TypeScript, so
 * every task checks what it was given before it touches the database; a bad payload fails the job with a
 * message that names the task and the field.
 */

/** Throws unless `payload` is a plain JSON object (a crontab job adds `_cron` to it). */
export function assertPayloadObject(payload: unknown, task: string): asserts payload is Record<string, unknown> {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    throw new TypeError(`${task}: the payload must be a JSON object`);
  }
}
