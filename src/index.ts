import { ConversationState, type ConversationReference } from 'botbuilder';
import { join } from 'node:path';
import { createAdapter } from './adapter.js';
import { phraserFromSettings } from './answer/openai-compatible.js';
import { createStaffAlerts } from './alerts/staff-alerts.js';
import { dedupeMiddleware } from './bot/dedupe.js';
import { SupportBot, channelOf } from './bot/support-bot.js';
import { ConfigError, loadConfig } from './config.js';
import { createBrain } from './create-brain.js';
import { createRateLimiter } from './http/rate-limit.js';
import { createLogger } from './logger.js';
import { createServer } from './server.js';
import { createStorage } from './state/create-storage.js';
import { formatForChannel } from './channels/format.js';
import { createReplyTap } from './sms/reply-tap.js';
import { smsFrom, smsRoutes } from './sms/routes.js';
import { sendTwiml } from './sms/twiml.js';
import { TwilioSmsAdapter } from './sms/twilio-adapter.js';
import { webRoutes } from './web/routes.js';
import { WebAdapter } from './web/web-adapter.js';

// Wiring only: config, collaborators, server. Every decision lives in the core.
const main = async () => {
  const config = loadConfig();
  const log = createLogger({ hashKey: config.LOG_HASH_KEY });
  if (config.NODE_ENV === 'production' && (!config.MicrosoftAppId || !config.MicrosoftAppPassword)) {
    throw new ConfigError('NODE_ENV=production needs MicrosoftAppId and MicrosoftAppPassword: the bot will not run unauthenticated in production.');
  }
  const started = Date.now();
  // Optional model phrasing of answers; off unless LLM_BASE_URL and LLM_MODEL are set.
  const phraser = phraserFromSettings({
    baseUrl: config.LLM_BASE_URL,
    apiKey: config.LLM_API_KEY,
    model: config.LLM_MODEL,
    promptDir: join(config.PROMPTS_DIR, 'answer'),
    log,
  });
  const brain = await createBrain(config, { phraser });
  const errorText = (channelId: string | undefined, locale: string | undefined) =>
    brain.fixedReply('error', channelOf(channelId), locale).text;

  const adapter = createAdapter(config, log, (context) => errorText(context.activity.channelId, context.activity.locale));
  adapter.use(dedupeMiddleware());

  const appId = config.MicrosoftAppId;
  const staffTeams =
    appId && config.STAFF_TEAMS_SERVICE_URL && config.STAFF_TEAMS_CONVERSATION_ID
      ? async (text: string) => {
          const reference = {
            channelId: 'msteams',
            serviceUrl: config.STAFF_TEAMS_SERVICE_URL,
            conversation: { id: config.STAFF_TEAMS_CONVERSATION_ID },
            bot: { id: appId },
          } as ConversationReference;
          await adapter.continueConversationAsync(appId, reference, async (ctx) => {
            await ctx.sendActivity(text);
          });
        }
      : undefined;

  // SMS keeps the cut part of long answers for "MORE": the tap records each full reply.
  const smsTap = createReplyTap();
  const bot = new SupportBot({
    core: smsTap.wrap(brain.core),
    conversationState: new ConversationState(createStorage({ connectionString: config.BLOB_CONNECTION_STRING, container: config.BLOB_CONTAINER })),
    log,
    welcome: async (channel, locale, language) => brain.fixedReply('welcome', channel, locale, language),
    alerts: createStaffAlerts({ webhookUrl: config.STAFF_ALERT_WEBHOOK_URL, teams: staffTeams, log }),
    handoff: config.HANDOFF_ENABLED,
  });

  const limited = (text: string) => (_req: unknown, res: { json: (code: number, body: unknown) => void }) =>
    res.json(429, { error: 'rate_limited', text });
  const smsText = (name: 'error' | 'rate-limited', locale: string | undefined) =>
    formatForChannel(brain.fixedReply(name, 'sms', locale), 'sms').text;
  const smsAdapter = new TwilioSmsAdapter({
    log,
    locale: config.DEFAULT_LOCALE,
    errorText: (context) => smsText('error', context.activity.locale),
  });
  const server = createServer({
    adapter,
    bot,
    log,
    routes: [
      webRoutes({
        bot,
        adapter: new WebAdapter({ log, errorText: (context) => errorText(context.activity.channelId, context.activity.locale) }),
        log,
        directLine: { secret: config.DIRECT_LINE_SECRET },
      }),
      smsRoutes({
        bot,
        adapter: smsAdapter,
        tap: smsTap,
        log,
        authToken: config.TWILIO_AUTH_TOKEN,
        publicUrl: config.SMS_PUBLIC_URL,
        // Limited per phone number, and only after the signature check, so a forged From cannot use up a real person's allowance.
        rateLimit: createRateLimiter({
          perMinute: config.SMS_RATE_PER_MINUTE,
          key: smsFrom,
          onLimit: (_req, res) => sendTwiml(res, [smsText('rate-limited', config.DEFAULT_LOCALE)]),
        }),
      }),
    ],
    limits: [
      {
        prefix: '/api/directline/',
        allow: createRateLimiter({
          perMinute: config.WEB_RATE_PER_MINUTE,
          key: (req) => req.socket.remoteAddress,
          onLimit: limited(brain.fixedReply('rate-limited', 'webchat', config.DEFAULT_LOCALE).text),
        }),
      },
      {
        prefix: '/api/web/',
        allow: createRateLimiter({
          perMinute: config.WEB_RATE_PER_MINUTE,
          key: (req) => req.socket.remoteAddress,
          onLimit: limited(brain.fixedReply('rate-limited', 'webchat', config.DEFAULT_LOCALE).text),
        }),
      },
    ],
  });
  server.listen(config.PORT, config.HOST, () => {
    log.info('listening', { port: config.PORT, chunks: brain.chunkCount, indexRebuilt: brain.indexRebuilt, startupMs: Date.now() - started });
  });
  const stop = () => {
    log.info('shutting_down');
    server.close(() => process.exit(0));
    // Open keep-alive sockets must not hold the process past a platform's kill deadline.
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
};

main().catch((error: Error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `start-up failed: ${error.message}`}\n`);
  process.exit(1);
});
