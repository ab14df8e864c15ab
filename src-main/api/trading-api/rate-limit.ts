/** A token bucket per caller: `limit` requests, refilled evenly over `windowMs`. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** High enough for the API benchmark on loopback; a deployment can lower it. */
export const DEFAULT_RATE_LIMIT: RateLimit = { limit: 100_000, windowMs: 10_000 };

/** Reads `GRID_DESK_API_RATE_LIMIT=<requests>/<seconds>` (e.g. "600/60"), or undefined when unset. */
export function rateLimitFromEnv(value = process.env.GRID_DESK_API_RATE_LIMIT): RateLimit | undefined {
  const match = value ? /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(value.trim()) : null;
  if (!match || Number(match[1]) < 1 || Number(match[2]) <= 0) return undefined;
  return { limit: Number(match[1]), windowMs: Number(match[2]) * 1000 };
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until the next request would be allowed (when refused). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets are forgotten once full (a full bucket is the same as a new one), so the map stays small. */
const PRUNE_ABOVE = 10_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly config: RateLimit,
    private readonly now: () => number,
  ) {
    this.perMs = config.limit / config.windowMs;
  }

  /** Takes one token from `key`'s bucket if it has one. */
  take(key: string): RateDecision {
    const now = this.now();
    const { limit } = this.config;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= PRUNE_ABOVE) this.prune(now);
      this.buckets.set(key, (bucket = { tokens: limit, at: now }));
    } else {
      bucket.tokens = Math.min(limit, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs);
      bucket.at = now;
    }
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    return {
      allowed,
      limit,
      remaining: Math.floor(bucket.tokens),
      resetSeconds: Math.ceil((limit - bucket.tokens) / this.perMs / 1000),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)),
    };
  }

  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.config.limit) this.buckets.delete(key);
    }
  }
}
