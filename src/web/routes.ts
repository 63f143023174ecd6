import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Activity } from 'botbuilder';
import type restify from 'restify';
import type { SupportBot } from '../bot/support-bot.js';
import type { Logger } from '../logger.js';
import type { WebAdapter } from './web-adapter.js';

export interface WebRoutesDeps {
  bot: SupportBot;
  adapter: WebAdapter;
  log: Logger;
  /** Folder holding index.html and the page's own small files; defaults to web/public. */
  publicDir?: string;
  /** Azure Direct Line, for embeds that use it; without a secret the token route answers 404. */
  directLine?: { secret?: string; tokenUrl?: string; fetch?: typeof fetch };
}

const DEFAULT_TOKEN_URL = 'https://directline.botframework.com/v3/directline/tokens/generate';
// Never called: WebAdapter returns replies in the HTTP response. A reserved name that cannot resolve.
const WEB_SERVICE_URL = 'https://web.invalid/';
const BOT = { id: 'support-bot', name: 'Support assistant', role: 'bot' };
const ID = /^[A-Za-z0-9_-]{1,128}$/;
const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

// Web Chat injects its styles at run time, hence 'unsafe-inline' for styles only; scripts come from here alone.
const PAGE_HEADERS = {
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const webChatBundlePath = (): string => {
  try {
    // The package exports no subpath for the bundle; its CommonJS entry is lib/index.js, next to dist/.
    const entry = createRequire(import.meta.url).resolve('botframework-webchat');
    return join(dirname(entry), '..', 'dist', 'webchat.js');
  } catch {
    throw new Error('[webRoutes] botframework-webchat is not installed; run npm ci');
  }
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const idOf = (value: unknown): string | undefined => {
  const id = isRecord(value) ? value.id : undefined;
  return typeof id === 'string' && ID.test(id) ? id : undefined;
};

type Parsed = { activity: Partial<Activity> } | { error: string };

/**
 * Builds the turn's activity from a Web Chat activity, copying only what the bot reads: the
 * page cannot choose the channel, delivery mode, service URL or the bot's identity.
 * `webchat/join` (sent when the page opens) becomes the conversationUpdate that brings the welcome.
 */
const toTurnActivity = (body: unknown): Parsed => {
  if (!isRecord(body)) return { error: 'expected one activity as a JSON object' };
  const conversationId = idOf(body.conversation);
  if (!conversationId) return { error: 'conversation.id is missing or invalid' };
  const userId = idOf(body.from) ?? 'web-user';
  const base: Partial<Activity> = {
    id: randomUUID(),
    timestamp: new Date(),
    channelId: 'webchat',
    serviceUrl: WEB_SERVICE_URL,
    // Prefixed so a page can never share state with a conversation from another channel connector.
    conversation: { id: `web-${conversationId}`, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: userId, name: '', role: 'user' },
    recipient: { ...BOT },
    locale: typeof body.locale === 'string' && LOCALE.test(body.locale) ? body.locale : undefined,
  };
  if (body.type === 'message') {
    if (typeof body.text !== 'string') return { error: 'a message needs text' };
    return { activity: { ...base, type: 'message', text: body.text, textFormat: 'plain' } };
  }
  if (body.type === 'event' && body.name === 'webchat/join') {
    return { activity: { ...base, type: 'conversationUpdate', membersAdded: [{ id: userId, name: '' }] } };
  }
  return { error: 'unsupported activity type' };
};

const publicFiles = (dir: string): string[] =>
  readdirSync(dir).filter((name) => /^[a-z0-9][a-z0-9-]*\.[a-z]+$/.test(name) && name !== 'index.html' && TYPES[extname(name)]);

/**
 * Registers the web channel: the chat page and its files, the Web Chat bundle served from
 * node_modules (no CDN, works offline), the self-hosted message endpoint, and the Direct
 * Line token exchange that keeps the secret on the server.
 */
export const webRoutes = (deps: WebRoutesDeps) => (server: restify.Server): void => {
  const { bot, adapter, log } = deps;
  const publicDir = deps.publicDir ?? fileURLToPath(new URL('../../web/public/', import.meta.url));
  const bundlePath = webChatBundlePath();
  let bundle: Promise<{ raw: Buffer; gzipped: Buffer }> | undefined;
  const loadBundle = () =>
    (bundle ??= readFile(bundlePath).then(async (raw) => ({ raw, gzipped: await promisify(gzip)(raw) })));

  const sendFile = async (res: restify.Response, name: string, headers: Record<string, string> = {}) => {
    const body = await readFile(join(publicDir, name));
    res.sendRaw(200, body, { 'Content-Type': TYPES[extname(name)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache', ...headers });
  };

  server.get('/', async (_req, res) => {
    await sendFile(res, 'index.html', PAGE_HEADERS);
  });

  for (const name of publicFiles(publicDir)) {
    server.get(`/${name}`, async (_req, res) => {
      await sendFile(res, name, { 'X-Content-Type-Options': 'nosniff' });
    });
  }

  server.get('/webchat.js', async (req, res) => {
    const { raw, gzipped } = await loadBundle();
    // 3.9 MB raw, about a quarter of that compressed: it matters on a phone.
    const useGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.sendRaw(200, useGzip ? gzipped : raw, {
      'Content-Type': TYPES['.js']!,
      'Cache-Control': 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
      Vary: 'Accept-Encoding',
      ...(useGzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
  });

  server.post('/api/web/messages', async (req, res) => {
    // JSON only: a cross-site form post cannot make a browser talk to the bot.
    const parsed: Parsed = req.is('json') ? toTurnActivity(req.body) : { error: 'expected Content-Type application/json' };
    if ('error' in parsed) {
      log.info('web_rejected', { reason: parsed.error });
      res.json(400, { error: parsed.error });
      return;
    }
    const activities = await adapter.processActivity(parsed.activity, (context) => bot.run(context));
    res.header('Cache-Control', 'no-store');
    res.json(200, { activities });
  });

  server.post('/api/directline/token', async (_req, res) => {
    const { secret, tokenUrl = DEFAULT_TOKEN_URL, fetch: fetchFn = fetch } = deps.directLine ?? {};
    if (!secret) {
      res.json(404, { error: 'Direct Line is not configured' });
      return;
    }
    res.header('Cache-Control', 'no-store');
    try {
      const response = await fetchFn(tokenUrl, {
        method: 'POST',
        headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
        // Baking a user id into the token makes Direct Line send conversationUpdate before the first message.
        body: JSON.stringify({ user: { id: `dl_${randomUUID()}` } }),
        signal: AbortSignal.timeout(10_000),
      });
      const body: unknown = response.ok ? await response.json() : undefined;
      if (!isRecord(body) || typeof body.token !== 'string' || typeof body.conversationId !== 'string') {
        log.error('directline_token_failed', { status: response.status });
        res.json(502, { error: 'could not get a Direct Line token' });
        return;
      }
      // Only these three fields: nothing else Direct Line returns (or the secret) reaches the page.
      res.json(200, { token: body.token, conversationId: body.conversationId, expires_in: typeof body.expires_in === 'number' ? body.expires_in : undefined });
    } catch (error) {
      log.error('directline_token_failed', { code: (error as Error).name });
      res.json(502, { error: 'could not get a Direct Line token' });
    }
  });
};
