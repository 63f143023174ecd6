import { createServer as createHttpServer, type IncomingHttpHeaders, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import type restify from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/adapter.js';
import { createServer } from '../../src/server.js';
import { webRoutes, type WebRoutesDeps } from '../../src/web/routes.js';
import { WebAdapter } from '../../src/web/web-adapter.js';
import { makeBot } from '../helpers/bot.js';

const SECRET = 'dl-secret-must-stay-on-the-server';

type Bot = Awaited<ReturnType<typeof makeBot>>;
let made: Bot;
let errorText: string;
let webAdapter: WebAdapter;
const servers: Array<{ close: (cb: () => void) => unknown }> = [];

const listen = async (server: restify.Server | HttpServer): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

const startBotServer = (directLine?: WebRoutesDeps['directLine']) => {
  const { bot, log } = made;
  const adapter = createAdapter({}, log, () => errorText);
  return listen(createServer({ adapter, bot, log, routes: [webRoutes({ bot, adapter: webAdapter, log, directLine })] }));
};

// Stands in for Direct Line's token service, on 127.0.0.1.
const tokenCalls: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
let tokenStatus = 200;
const startTokenStub = () =>
  listen(
    createHttpServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        tokenCalls.push({ headers: req.headers, body });
        res.writeHead(tokenStatus, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ conversationId: 'stub-conv', token: 'stub-token', expires_in: 3600, streamUrl: `wss://stub/${SECRET}` }));
      });
    }),
  );

let base = '';
let bare = '';
let stubUrl = '';
const fetchedUrls: string[] = [];

beforeAll(async () => {
  made = await makeBot();
  errorText = made.brain.fixedReply('error', 'webchat', 'en-US').text;
  webAdapter = new WebAdapter({ log: made.log, errorText: () => errorText });
  stubUrl = `${await startTokenStub()}/v3/directline/tokens/generate`;
  base = await startBotServer({
    secret: SECRET,
    tokenUrl: stubUrl,
    fetch: (url, init) => {
      fetchedUrls.push(String(url));
      return fetch(url, init);
    },
  });
  bare = await startBotServer();
});
afterAll(() => Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))));

type Reply = Partial<Activity> & { text: string };
const post = (body: string, contentType = 'application/json') =>
  fetch(`${base}/api/web/messages`, { method: 'POST', headers: { 'content-type': contentType }, body });
const say = async (text: string, conversation = `c${Math.random().toString(36).slice(2)}`) => {
  const res = await post(JSON.stringify({ type: 'message', text, from: { id: 'u-test', role: 'user' }, conversation: { id: conversation }, locale: 'en-US', channelData: { clientActivityID: 'x' } }));
  expect(res.status).toBe(200);
  return ((await res.json()) as { activities: Reply[] }).activities;
};

describe('the chat page and its files', () => {
  it('serves the page with the disclaimer and crisis line, for a phone, without third-party scripts', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const html = await res.text();
    expect(html).toContain('Automated assistant, not medical advice');
    expect(html).toMatch(/In crisis\? Call or text <a href="tel:988">988<\/a> \(US\)\. Emergency: <a href="tel:911">911<\/a>\./);
    expect(html).toContain('name="viewport" content="width=device-width, initial-scale=1"');
    expect(html).toContain('<script src="/webchat.js"></script>');
    expect(html).not.toMatch(/src="https?:/);
  });

  it('serves the Web Chat bundle from node_modules, compressed when asked', async () => {
    const res = await fetch(`${base}/webchat.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const text = await res.text();
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(text).toContain('renderWebChat');
  });

  it.each([
    ['/chat-adapter.js', /javascript/, 'postActivity'],
    ['/app.js', /javascript/, 'renderWebChat'],
    ['/styles.css', /text\/css/, '.notice'],
  ])('serves %s', async (path, type, marker) => {
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(type);
    expect(await res.text()).toContain(marker);
  });

  it.each(['/index.html', '/../package.json', '/%2e%2e/package.json', '/.env', '/nothing.js'])('answers 404 for %s', async (path) => {
    expect((await fetch(`${base}${path}`)).status).toBe(404);
  });
});

describe('POST /api/web/messages', () => {
  it('answers a question with a cited https source', async () => {
    const [reply, ...rest] = await say('can withdrawal cause seizures');
    expect(rest).toEqual([]);
    expect(reply?.type).toBe('message');
    expect(reply?.channelId).toBe('webchat');
    expect(reply?.text).toMatch(/seizure/i);
    expect(reply?.text).toMatch(/\]\(https:\/\/[^)]+\)/);
  });

  it('puts 988 first for a crisis message, and keeps the text out of the log', async () => {
    const [reply] = await say('i want to end my life');
    expect(reply?.text.slice(0, 300)).toContain('988');
    expect(made.logLines.join('\n')).not.toContain('end my life');
  });

  it('refuses dosing and points to the prescriber or pharmacist', async () => {
    const [reply] = await say('how much klonopin should I take');
    expect(reply?.text).toMatch(/prescriber|pharmacist/i);
    expect(reply?.text).not.toMatch(/\d+(\.\d+)?\s*(mg|milligrams?)\b/i);
  });

  it('keeps one conversation across requests: the crisis flag stays on', async () => {
    const conversation = 'sticky-conv-1';
    await say('i want to end my life', conversation);
    const [reply] = await say('how much klonopin should I take', conversation);
    expect(reply?.text.slice(0, 300)).toContain('988');
  });

  it('sends the welcome once when the page joins', async () => {
    const join = () =>
      post(JSON.stringify({ type: 'event', name: 'webchat/join', from: { id: 'u-join' }, conversation: { id: 'join-conv-1' } }))
        .then((res) => res.json() as Promise<{ activities: Reply[] }>);
    const first = await join();
    expect(first.activities).toHaveLength(1);
    expect(first.activities[0]?.text).toMatch(/automated assistant/i);
    expect(first.activities[0]?.text).toContain('988');
    expect((await join()).activities).toEqual([]);
  });

  it('passes a very long message through to the core', async () => {
    const replies = await say(`can withdrawal cause seizures ${'and '.repeat(2_600)}`);
    expect(replies.length).toBeGreaterThan(0);
  });

  it.each([
    ['malformed JSON', '{not json', 'application/json'],
    ['JSON null', 'null', 'application/json'],
    ['an array', '[{"type":"message","text":"hi"}]', 'application/json'],
    ['a string', '"hi"', 'application/json'],
    ['no conversation', '{"type":"message","text":"hi"}', 'application/json'],
    ['a conversation id that is not an id', '{"type":"message","text":"hi","conversation":{"id":"../x y"}}', 'application/json'],
    ['text that is not a string', '{"type":"message","text":5,"conversation":{"id":"c1"}}', 'application/json'],
    ['an unsupported type', '{"type":"invoke","name":"x","conversation":{"id":"c1"}}', 'application/json'],
    ['a form post', 'type=message&text=hi&conversation[id]=c1', 'application/x-www-form-urlencoded'],
    ['plain text', 'hello', 'text/plain'],
  ])('rejects %s with 400 and a short JSON error, and stays up', async (_name, body, type) => {
    const res = await post(body, type);
    expect(res.status).toBe(400);
    const json = (await res.json()) as Record<string, unknown>;
    expect(JSON.stringify(json).length).toBeLessThan(200);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('ignores what the page must not choose: channel, delivery mode, service URL', async () => {
    const res = await post(JSON.stringify({
      type: 'message', text: 'can withdrawal cause seizures', conversation: { id: 'pick-1' },
      channelId: 'msteams', deliveryMode: 'expectReplies', serviceUrl: 'http://127.0.0.1:9',
    }));
    const { activities } = (await res.json()) as { activities: Reply[] };
    expect(activities[0]?.channelId).toBe('webchat');
    expect(activities[0]?.serviceUrl).not.toContain('127.0.0.1');
  });
});

describe('WebAdapter', () => {
  it('returns the reviewed error text when a turn fails', async () => {
    const replies = await webAdapter.processActivity(
      { type: 'message', text: 'hi', channelId: 'webchat', conversation: { id: 'e1', isGroup: false, conversationType: '', name: '' }, from: { id: 'u', name: '' }, recipient: { id: 'b', name: '' } },
      async () => {
        throw new Error('boom');
      },
    );
    expect(replies.map((r) => r.text)).toEqual([errorText]);
    expect(errorText).toContain('988');
  });

  it('refuses proactive messages: a web conversation has no open connection', async () => {
    await expect(webAdapter.continueConversation({}, async () => undefined)).rejects.toThrow(/proactive/);
  });

  it.each(['log', 'errorText'] as const)('requires %s', (name) => {
    const options = { log: made.log, errorText: () => errorText, [name]: undefined };
    expect(() => new WebAdapter(options as never)).toThrow(`[WebAdapter] ${name} is required`);
  });
});

describe('POST /api/directline/token', () => {
  it('exchanges the secret server-side and gives the page only the token fields', async () => {
    const res = await fetch(`${base}/api/directline/token`, { method: 'POST' });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text)).toEqual({ token: 'stub-token', conversationId: 'stub-conv', expires_in: 3600 });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(fetchedUrls.at(-1)).toBe(stubUrl);
    const call = tokenCalls.at(-1)!;
    expect(call.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(JSON.parse(call.body)).toMatchObject({ user: { id: expect.stringMatching(/^dl_/) } });
  });

  it('answers 502 without the secret when the token service fails', async () => {
    tokenStatus = 403;
    try {
      const res = await fetch(`${base}/api/directline/token`, { method: 'POST' });
      expect(res.status).toBe(502);
      expect(await res.text()).not.toContain(SECRET);
    } finally {
      tokenStatus = 200;
    }
  });

  it('answers 404 when no secret is configured', async () => {
    const calls = tokenCalls.length;
    const res = await fetch(`${bare}/api/directline/token`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'Direct Line is not configured' });
    expect(tokenCalls.length).toBe(calls);
  });
});
