/**
 * A per-client request rate limit: one token bucket per key (a token's tenant and user, or an anonymous
 * client's address), refilled continuously at `perMinute` a minute up to `burst`. In process and per pod:
 * behind N pods a client gets N times the rate (README "Limits").
 *
 * Memory stays bounded: a bucket that has refilled completely is the same as no bucket and is dropped, and
 * past `maxKeys` the least recently used buckets go first.
 */

interface Bucket {
  tokens: number;
  /** When `tokens` was last computed, in milliseconds. */
  at: number;
}

export class RateLimiter {
  readonly perMinute: number;
  readonly burst: number;
  readonly maxKeys: number;
  /** Least recently used first (a Map keeps insertion order; every use re-inserts). */
  readonly #buckets = new Map<string, Bucket>();
  readonly #perMs: number;

  /** `perMinute` 0 turns the limit off. */
  constructor(perMinute: number, burst: number, maxKeys = 100_000) {
    if (!(perMinute >= 0) || !(burst >= 1) || !(maxKeys >= 1)) {
      throw new RangeError("RateLimiter needs perMinute >= 0, burst >= 1 and maxKeys >= 1");
    }
    this.perMinute = perMinute;
    this.burst = burst;
    this.maxKeys = maxKeys;
    this.#perMs = perMinute / 60_000;
  }

  /** Buckets held at the moment (for tests and metrics). */
  get size(): number {
    return this.#buckets.size;
  }

  /**
   * Takes one request from `key`'s bucket. Returns 0 when the request may go ahead, otherwise the number of
   * seconds (rounded up, at least 1) until the bucket holds a request again.
   */
  take(key: string, now: number = Date.now()): number {
    if (this.perMinute === 0) return 0;
    const bucket = this.#buckets.get(key);
    let tokens = this.burst;
    if (bucket !== undefined) {
      tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * this.#perMs);
      this.#buckets.delete(key);
    }
    let wait = 0;
    if (tokens >= 1) tokens -= 1;
    else wait = Math.max(1, Math.ceil((1 - tokens) / this.#perMs / 1000));
    this.#buckets.set(key, { tokens, at: now });
    this.#evict(now);
    return wait;
  }

  #evict(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      const full = bucket.tokens + (now - bucket.at) * this.#perMs >= this.burst;
      if (!full && this.#buckets.size <= this.maxKeys) break;
      this.#buckets.delete(key);
    }
  }
}
