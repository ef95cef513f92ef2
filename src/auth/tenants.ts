/**
 * Whether a token's tenant may still use the service: it exists and is not archived (`tenants.deleted_at`).
 * A signed token outlives the archiving of its tenant, so every accepted token is checked here. The answer
 * comes from `app_hidden.tenant_is_live(uuid)`, asked as the visitor role, and is kept per tenant for
 * TENANT_CHECK_TTL_MS in a bounded in-process cache: archiving (or restoring) a tenant takes effect on every
 * instance within that time. The question runs under the requests' own statement and lock timeouts. When
 * the database cannot answer in time, the request is refused as UNAVAILABLE, or BUSY when no connection of
 * the pool came free (both retryable): a token whose tenant was not checked never gets through.
 */
import pg from "pg";
import { isPoolBusy, queryAsRole } from "../db/pool.ts";
import { log } from "../log.ts";
import { AuthError } from "./jwt.ts";

/** How long an answer is kept, in milliseconds: the longest an archived tenant's tokens keep working. */
export const TENANT_CHECK_TTL_MS = 5000;
/** Most tenants kept at once; the oldest answer goes first. */
const MAX_ENTRIES = 10_000;
/** Least time between two log lines about failed checks, in milliseconds. */
const LOG_EVERY_MS = 10_000;

export interface TenantCheckOptions {
  ttlMs?: number;
  maxEntries?: number;
  /** The clock, in milliseconds (tests move it by hand). */
  now?: () => number;
  /** Settings of the question's transaction: the requests' `statement_timeout` and `lock_timeout`. */
  settings?: Record<string, string>;
}

/** The tenant liveness check of one pool; see the file comment. */
export class TenantCheck {
  readonly #pool: pg.Pool;
  readonly #visitorRole: string;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #settings: Record<string, string>;
  /** Answers by tenant id, oldest first. */
  readonly #answers = new Map<string, { live: boolean; until: number }>();
  /** Questions on their way to the database, so that a burst of requests asks once. */
  readonly #asking = new Map<string, Promise<boolean>>();
  #lastLogged = -Infinity;

  /** Checks tenants through `pool` (the authenticator's) as `visitorRole`. */
  constructor(pool: pg.Pool, visitorRole: string, options: TenantCheckOptions = {}) {
    this.#pool = pool;
    this.#visitorRole = visitorRole;
    this.#ttlMs = options.ttlMs ?? TENANT_CHECK_TTL_MS;
    this.#maxEntries = options.maxEntries ?? MAX_ENTRIES;
    this.#now = options.now ?? (() => performance.now());
    this.#settings = options.settings ?? {};
  }

  /** Tenants currently remembered (for tests of the bound). */
  get size(): number {
    return this.#answers.size;
  }

  /**
   * Resolves when the tenant is live; throws AuthError UNAUTHENTICATED when it does not exist or is archived,
   * and AuthError UNAVAILABLE when the database could not be asked.
   */
  async assertLive(tenantId: string): Promise<void> {
    if (!(await this.isLive(tenantId))) {
      throw new AuthError("The token's tenant does not exist or has been archived");
    }
  }

  /** True when the tenant exists and is not archived, from the cache when the answer is recent enough. */
  async isLive(tenantId: string): Promise<boolean> {
    const known = this.#answers.get(tenantId);
    if (known !== undefined && known.until > this.#now()) return known.live;
    let asking = this.#asking.get(tenantId);
    if (asking === undefined) {
      asking = this.#ask(tenantId).finally(() => this.#asking.delete(tenantId));
      this.#asking.set(tenantId, asking);
    }
    return asking;
  }

  async #ask(tenantId: string): Promise<boolean> {
    let live: boolean;
    try {
      const row = await queryAsRole<{ live: boolean }>(
        this.#pool,
        this.#visitorRole,
        `select app_hidden.tenant_is_live(${pg.escapeLiteral(tenantId)}::uuid) as live`,
        this.#settings,
      );
      live = row?.live === true;
    } catch (error) {
      if (isPoolBusy(error)) {
        throw new AuthError("The service is busy: no database connection came free in time; retry shortly", "BUSY");
      }
      const now = this.#now();
      if (now - this.#lastLogged >= LOG_EVERY_MS) {
        this.#lastLogged = now;
        log.warn("Token tenants cannot be checked: the database did not answer", { error: (error as Error).message });
      }
      throw new AuthError("The token's tenant cannot be checked right now; retry shortly", "UNAVAILABLE");
    }
    this.#answers.delete(tenantId);
    this.#answers.set(tenantId, { live, until: this.#now() + this.#ttlMs });
    while (this.#answers.size > this.#maxEntries) {
      this.#answers.delete(this.#answers.keys().next().value!);
    }
    return live;
  }
}
