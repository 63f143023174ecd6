import restify from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { SupportBot } from './bot/support-bot.js';
import type { Logger } from './logger.js';

export interface ServerDeps {
  adapter: CloudAdapter;
  bot: SupportBot;
  log: Logger;
  /** More routes (web chat page and endpoint, SMS webhook, ...), each registered by its own module. */
  routes?: Array<(server: restify.Server) => void>;
}

/** Builds the HTTP server without listening, so tests can pick the address and port. */
export const createServer = ({ adapter, bot, log, routes = [] }: ServerDeps): restify.Server => {
  const server = restify.createServer({ name: 'benzo-support-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));

  server.post('/api/messages', async (req, res) => {
    // CloudAdapter's types are its own Request/Response shapes; restify's objects satisfy them at run time.
    await adapter.process(req as never, res as never, (context) => bot.run(context));
  });

  server.get('/healthz', async (_req, res) => {
    res.json(200, { status: 'ok' });
  });

  for (const register of routes) register(server);

  server.on('restifyError', (req, res, err, callback) => {
    log.error('http_error', { status: (err as { statusCode?: number }).statusCode, route: req.getRoute()?.path?.toString() });
    return callback();
  });
  return server;
};
