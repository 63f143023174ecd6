import { ConversationState, MemoryStorage } from 'botbuilder';
import { SupportBot } from '../../src/bot/support-bot.js';
import { createLogger } from '../../src/logger.js';
import { sharedBrain } from './brain.js';

/** A SupportBot on the real brain, with its log lines captured for privacy checks. */
export const makeBot = async () => {
  const brain = await sharedBrain();
  const logLines: string[] = [];
  const log = createLogger({ hashKey: 'test-key', write: (line) => logLines.push(line) });
  const bot = new SupportBot({
    core: brain.core,
    conversationState: new ConversationState(new MemoryStorage()),
    log,
    welcome: async (channel, locale, language) => brain.fixedReply('welcome', channel, locale, language),
  });
  return { bot, log, logLines, brain };
};
