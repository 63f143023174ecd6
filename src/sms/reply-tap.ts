import { AsyncLocalStorage } from 'node:async_hooks';
import type { Core, TurnResult } from '../core/run-turn.js';

/**
 * Lets the SMS layer see the core's whole Reply while SupportBot stays unchanged: the bot
 * sends only the first 320 characters, and paging (MORE) needs the rest.
 */
export interface ReplyTap {
  /** The same core; during `record`, every result it returns is also handed to the recorder. */
  wrap(core: Core): Core;
  /** Runs `work`; `results` are the core results of the turns it ran, in order (empty if the core was not wrapped). */
  record<T>(work: () => Promise<T>): Promise<{ value: T; results: TurnResult[] }>;
}

export const createReplyTap = (): ReplyTap => {
  // Async context, not a shared slot: two texts arriving at once must not see each other's reply.
  const current = new AsyncLocalStorage<TurnResult[]>();
  return {
    wrap: (core) => ({
      async respond(input, session) {
        const result = await core.respond(input, session);
        current.getStore()?.push(result);
        return result;
      },
    }),
    async record(work) {
      const results: TurnResult[] = [];
      const value = await current.run(results, work);
      return { value, results };
    },
  };
};
