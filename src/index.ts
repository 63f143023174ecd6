import { ConversationState, MemoryStorage } from 'botbuilder';
import { createAdapter } from './adapter.js';
import { SupportBot, channelOf } from './bot/support-bot.js';
import { ConfigError, loadConfig } from './config.js';
import { createBrain } from './create-brain.js';
import { createLogger } from './logger.js';
import { createServer } from './server.js';

// Wiring only: config, collaborators, server. Every decision lives in the core.
const main = async () => {
  const config = loadConfig();
  const log = createLogger({ hashKey: config.LOG_HASH_KEY });
  if (config.NODE_ENV === 'production' && (!config.MicrosoftAppId || !config.MicrosoftAppPassword)) {
    throw new ConfigError('NODE_ENV=production needs MicrosoftAppId and MicrosoftAppPassword: the bot will not run unauthenticated in production.');
  }
  const started = Date.now();
  const brain = await createBrain(config);
  const bot = new SupportBot({
    core: brain.core,
    conversationState: new ConversationState(new MemoryStorage()),
    log,
    welcome: async (channel, locale, language) => brain.fixedReply('welcome', channel, locale, language),
  });
  const adapter = createAdapter(config, log, (context) =>
    brain.fixedReply('error', channelOf(context.activity.channelId), context.activity.locale).text,
  );
  const server = createServer({ adapter, bot, log });
  server.listen(config.PORT, config.HOST, () => {
    log.info('listening', { port: config.PORT, chunks: brain.chunkCount, indexRebuilt: brain.indexRebuilt, startupMs: Date.now() - started });
  });
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
};

main().catch((error: Error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `start-up failed: ${error.message}`}\n`);
  process.exit(1);
});
