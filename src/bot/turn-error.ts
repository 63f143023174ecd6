import type { TurnContext } from 'botbuilder';
import type { Logger } from '../logger.js';

/**
 * The onTurnError every adapter of this bot uses: the person always gets the reviewed error
 * text (which carries the crisis line); the log gets an error code, never developer text or
 * the message.
 */
export const safeTurnError =
  (log: Logger, errorText: (context: TurnContext) => string) =>
  async (context: TurnContext, error: Error): Promise<void> => {
    log.error('turn_error', {
      code: (error as { code?: string }).code ?? error.name,
      channel: context.activity.channelId,
      conversation: log.hashId(context.activity.conversation?.id),
    });
    try {
      await context.sendActivity(errorText(context));
    } catch {
      // Nothing more can reach this person on this turn; the log line above records it.
    }
  };
