/**
 * Task: marks PENDING putaway recommendations whose reservation time has passed as EXPIRED, which releases
 * the capacity they held, and OPEN or WAITING move tasks past their time likewise (they expire like putaway
 * reservations). Runs every minute from the crontab; safe to run again at any time.
 */
import type { Task } from "graphile-worker";
import { assertPayloadObject } from "./payload.ts";

/** Rows per statement, so that a large backlog never holds locks for long. */
const BATCH = 5_000;

export const expire_putaway_recommendations: Task = async (payload, helpers) => {
  assertPayloadObject(payload, "expire_putaway_recommendations");
  let total = 0;
  for (;;) {
    const { rowCount } = await helpers.query(
      `update app_public.putaway_recommendations r
          set status = 'EXPIRED'
        where (r.tenant_id, r.recommendation_id) in (
                select tenant_id, recommendation_id
                  from app_public.putaway_recommendations
                 where status = 'PENDING' and expires_at <= now()
                 limit $1
                   for update skip locked)`,
      [BATCH],
    );
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < BATCH) break;
  }
  let moves = 0;
  for (;;) {
    const { rows } = await helpers.query<{ expired: number }>("select app_private.expire_move_tasks($1) as expired", [
      BATCH,
    ]);
    moves += rows[0]!.expired;
    if (rows[0]!.expired < BATCH) break;
  }
  if (total > 0) helpers.logger.info(`Expired ${total} putaway recommendation(s)`);
  if (moves > 0) helpers.logger.info(`Expired ${moves} move task(s)`);
};
