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
  /** Rate limits on public endpoints, by path prefix (see http/rate-limit.ts). */
  limits?: Array<{ prefix: string; allow: (req: restify.Request, res: restify.Response) => boolean }>;
}

/** Why a request body is not an activity we can process, or null when it is. */
export const activityProblem = (body: unknown): string | null => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body must be a JSON object';
  const a = body as Record<string, unknown>;
  if (typeof a.type !== 'string' || a.type === '') return 'type is required';
  const conversation = a.conversation as { id?: unknown } | undefined;
  if (typeof conversation?.id !== 'string') return 'conversation.id is required';
  if (typeof a.serviceUrl !== 'string') return 'serviceUrl is required';
  if (a.type === 'message' && a.text !== undefined && typeof a.text !== 'string') return 'text must be a string';
  return null;
};

/** Builds the HTTP server without listening, so tests can pick the address and port. */
export const createServer = ({ adapter, bot, log, routes = [], limits = [] }: ServerDeps): restify.Server => {
  const server = restify.createServer({ name: 'benzo-support-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));

  // A plain (non-async) handler: next(false) is how restify ends the chain after a limit reply.
  server.use((req, res, next) => {
    const path = req.getPath();
    const limit = limits.find((l) => path.startsWith(l.prefix));
    if (limit && !limit.allow(req, res)) return next(false);
    return next();
  });

  server.post('/api/messages', async (req, res) => {
    const problem = activityProblem(req.body);
    if (problem) {
      res.json(400, { error: 'bad_activity', detail: problem });
      return;
    }
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
