import type { Middleware, TurnContext } from 'botbuilder';

/**
 * Azure Bot Service and Teams resend a message they think timed out (after about 15 s).
 * The same activity id within the window gets one reply: later copies end the turn quietly.
 */
export const dedupeMiddleware = (windowMs = 5 * 60_000, maxEntries = 20_000): Middleware => {
  const seen = new Map<string, number>();
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      const a = context.activity;
      if (a.type !== 'message' || !a.id) return next();
      const now = Date.now();
      const key = `${a.channelId}|${a.conversation?.id}|${a.id}`;
      const last = seen.get(key);
      if (last !== undefined && now - last < windowMs) return;
      seen.set(key, now);
      if (seen.size > maxEntries) {
        for (const [k, t] of seen) {
          if (now - t >= windowMs || seen.size > maxEntries) seen.delete(k);
          else break;
        }
      }
      return next();
    },
  };
};
