import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/adapter.js';
import { createRateLimiter } from '../../src/http/rate-limit.js';
import { createServer } from '../../src/server.js';
import { makeBot } from '../helpers/bot.js';

const servers: Array<() => Promise<void>> = [];
afterAll(async () => Promise.all(servers.map((close) => close())));

const start = async (credentials: { MicrosoftAppId?: string; MicrosoftAppPassword?: string } = {}) => {
  const { bot, log, brain } = await makeBot();
  const adapter = createAdapter(credentials, log, () => brain.fixedReply('error', 'webchat', 'en-US').text);
  const server = createServer({
    adapter,
    bot,
    log,
    limits: [{ prefix: '/api/messages', allow: createRateLimiter({ perMinute: 3, key: (req) => req.headers['x-test-client'] as string | undefined, onLimit: (_req, res) => res.json(429, { error: 'rate_limited', text: brain.fixedReply('rate-limited', 'webchat', 'en-US').text }) }) }],
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(() => new Promise((r) => server.close(() => r())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

const message = (text: string, id = String(Math.random())) => ({
  type: 'message', id, channelId: 'webchat', serviceUrl: 'http://127.0.0.1:9', deliveryMode: 'expectReplies',
  from: { id: 'u' }, recipient: { id: 'b' }, conversation: { id: `c${id}` }, locale: 'en-US', text,
});

let base = '';
beforeAll(async () => {
  base = await start();
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('input handling over HTTP', () => {
  it.each([
    ['an empty object', {}],
    ['an array', []],
    ['a message with no conversation', { type: 'message', text: 'hi', channelId: 'webchat', serviceUrl: 'http://127.0.0.1:9' }],
    ['a number for text', { ...message('x'), text: 42 }],
    ['plain text body', 'hello'],
  ])('%s gets a 4xx or a quiet ignore, never a 5xx', async (_name, body) => {
    const res = await post(body);
    expect(res.status).toBeLessThan(500);
  });
  it('a typing activity is ignored quietly', async () => {
    const res = await post({ ...message(''), type: 'typing' });
    expect(res.status).toBeLessThan(300);
  });
  it('rejects a body over the size limit with 413', async () => {
    const res = await post(message('a'.repeat(300 * 1024)));
    expect(res.status).toBe(413);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
  it.each([
    ['emoji', '💊 help 😢 what does withdrawal feel like 🙏'],
    ['right-to-left text', 'مرحبا what is clonazepam'],
    ['control characters', 'what\u0000 is\u0007 clonazepam\u001b'],
  ])('%s is handled', async (_name, text) => {
    const res = await post(message(text));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { activities: { text: string }[] };
    expect(body.activities[0]?.text.length).toBeGreaterThan(0);
  });
  it('a 10,000-character message gets a polite "please shorten"', async () => {
    const res = await post(message('I have a question about my taper. '.repeat(300).slice(0, 10_000)));
    const body = (await res.json()) as { activities: { text: string }[] };
    expect(body.activities[0]?.text).toMatch(/shorter/);
  });
  it('crisis detection still reads all of a 10,000-character message', async () => {
    const text = `${'Long story about my week. '.repeat(200)} honestly I want to end my life. ${'More about the taper. '.repeat(150)}`;
    const body = (await (await post(message(text))).json()) as { activities: { text: string }[] };
    expect(body.activities[0]?.text.slice(0, 300)).toContain('988');
  });
});

describe('rate limits', () => {
  it('a client over its limit gets 429 with the crisis line in the reply', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(message('what is clonazepam'), { 'x-test-client': 'same' })).status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses[4]).toBe(429);
    const res = await post(message('what is clonazepam'), { 'x-test-client': 'same' });
    expect(((await res.json()) as { text: string }).text).toMatch(/988/);
    expect((await post(message('what is clonazepam'), { 'x-test-client': 'other' })).status).toBe(200);
  });
  it('refills over time', () => {
    let now = 0;
    const allow = createRateLimiter({ perMinute: 2, key: () => 'k', onLimit: () => undefined, now: () => now });
    const req = {} as never;
    const res = {} as never;
    expect([allow(req, res), allow(req, res), allow(req, res)]).toEqual([true, true, false]);
    now += 30_000;
    expect(allow(req, res)).toBe(true);
  });
});

describe('with app credentials', () => {
  it('an unauthenticated POST gets 401', async () => {
    const secured = await start({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-secret' });
    const res = await fetch(`${secured}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message('hi')) });
    expect(res.status).toBe(401);
  });
});
