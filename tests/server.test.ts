import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../src/adapter.js';
import { createServer } from '../src/server.js';
import { makeBot } from './helpers/bot.js';

let base = '';
let close: () => Promise<void>;

beforeAll(async () => {
  const { bot, log, brain } = await makeBot();
  const adapter = createAdapter({}, log, () => brain.fixedReply('error', 'webchat', 'en-US').text);
  const server = createServer({ adapter, bot, log });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

const activity = (text: string, id: string) => ({
  type: 'message',
  id,
  channelId: 'webchat',
  serviceUrl: 'http://127.0.0.1:9',
  deliveryMode: 'expectReplies',
  from: { id: 'user-1' },
  recipient: { id: 'bot' },
  conversation: { id: `conv-${id}` },
  locale: 'en-US',
  text,
});

const post = (body: string) => fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('HTTP on 127.0.0.1', () => {
  it('answers GET /healthz', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
  it('returns the reply in the body for deliveryMode expectReplies', async () => {
    const res = await post(JSON.stringify(activity('can withdrawal cause seizures', 'a1')));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { activities: { text: string }[] };
    expect(body.activities[0]?.text).toMatch(/seizure/i);
    expect(body.activities[0]?.text).toMatch(/https:\/\//);
  });
  it('escalates a crisis over HTTP too', async () => {
    const res = await post(JSON.stringify(activity('i want to end my life', 'a2')));
    const body = (await res.json()) as { activities: { text: string }[] };
    expect(body.activities[0]?.text.slice(0, 300)).toContain('988');
  });
  it('rejects malformed JSON with 400 and stays up', async () => {
    const res = await post('{not json');
    expect(res.status).toBe(400);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
  });
});
