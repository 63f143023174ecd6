import type { Request, Response } from 'restify';

export interface RateLimitOptions {
  /** Messages allowed per minute for one key (a burst of that size, refilled evenly). */
  perMinute: number;
  /** Who is limited: an IP for the web page, a phone number for SMS. Undefined skips the limit. */
  key: (req: Request) => string | undefined;
  /** Writes the "slow down" reply (JSON for the web page, TwiML for Twilio). */
  onLimit: (req: Request, res: Response) => void;
  now?: () => number;
}

/**
 * A token bucket per key. Returns true when the request may go on; otherwise the limit
 * reply has been sent. Buckets that have refilled are dropped, so memory stays bounded.
 */
export const createRateLimiter = (options: RateLimitOptions) => {
  const { perMinute, key, onLimit, now = Date.now } = options;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = perMinute / 60_000;

  return (req: Request, res: Response): boolean => {
    const id = key(req);
    if (!id) return true;
    const t = now();
    const bucket = buckets.get(id) ?? { tokens: perMinute, at: t };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * refillPerMs);
    bucket.at = t;
    if (bucket.tokens < 1) {
      buckets.set(id, bucket);
      onLimit(req, res);
      return false;
    }
    bucket.tokens -= 1;
    buckets.set(id, bucket);
    if (buckets.size > 50_000) {
      for (const [k, b] of buckets) if (b.tokens + (t - b.at) * refillPerMs >= perMinute) buckets.delete(k);
    }
    return true;
  };
};
