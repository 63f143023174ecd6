import type { AddressInfo } from 'node:net';
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  MessageFactory,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import restify from 'restify';
import { createAdapter } from '../adapter.js';
import { createStaffAlerts } from '../alerts/staff-alerts.js';
import { dedupeMiddleware } from '../bot/dedupe.js';
import { SupportBot, channelOf } from '../bot/support-bot.js';
import type { Brain } from '../create-brain.js';
import type { Logger } from '../logger.js';
import { createServer } from '../server.js';
import { createReplyTap } from '../sms/reply-tap.js';
import { createStorage } from '../state/create-storage.js';

/** A server listening on 127.0.0.1; `url` is its POST /api/messages address. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const listen = async (server: restify.Server): Promise<RunningServer> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/messages`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};

/**
 * The bot's /api/messages as src/index.ts wires it (anonymous adapter, dedupe, reply tap,
 * memory state, staff alerts with no destination). The web and SMS routes are left out:
 * they do not touch this path.
 */
export const startBotServer = (brain: Brain, log: Logger): Promise<RunningServer> => {
  const errorText = (channelId: string | undefined, locale: string | undefined) => brain.fixedReply('error', channelOf(channelId), locale).text;
  const adapter = createAdapter({}, log, (context) => errorText(context.activity.channelId, context.activity.locale));
  adapter.use(dedupeMiddleware());
  const bot = new SupportBot({
    core: createReplyTap().wrap(brain.core),
    conversationState: new ConversationState(createStorage({})),
    log,
    welcome: async (channel, locale, language) => brain.fixedReply('welcome', channel, locale, language),
    alerts: createStaffAlerts({ log }),
    handoff: false,
  });
  return listen(createServer({ adapter, bot, log }));
};

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(MessageFactory.text(`echo: ${context.activity.text ?? ''}`));
      await next();
    });
  }
}

/** The floor to compare against: a bare botbuilder echo bot on restify, same body parser and handler form. */
export const startEchoServer = (): Promise<RunningServer> => {
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      MicrosoftAppType: '',
      MicrosoftAppTenantId: '',
    } as ConfigurationBotFrameworkAuthenticationOptions),
  );
  const bot = new EchoBot();
  const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req as never, res as never, (context) => bot.run(context));
  });
  return listen(server);
};
