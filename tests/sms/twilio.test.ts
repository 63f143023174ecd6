import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { ConversationState, MemoryStorage } from 'botbuilder';
import fc from 'fast-check';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/adapter.js';
import { SupportBot } from '../../src/bot/support-bot.js';
import { formatForChannel, SMS_LIMIT } from '../../src/channels/format.js';
import type { Reply } from '../../src/core/types.js';
import type { Brain } from '../../src/create-brain.js';
import { createLogger } from '../../src/logger.js';
import { createServer } from '../../src/server.js';
import { smsKeyword, type SmsKeyword } from '../../src/sms/keywords.js';
import { isMoreLine, moreLine, smsPages } from '../../src/sms/pager.js';
import { createReplyTap } from '../../src/sms/reply-tap.js';
import { smsFrom, smsRoutes } from '../../src/sms/routes.js';
import { sendTwiml } from '../../src/sms/twiml.js';
import { TwilioSmsAdapter } from '../../src/sms/twilio-adapter.js';
import { sharedBrain } from '../helpers/brain.js';
import { readJsonl } from '../helpers/cases.js';

const TOKEN = 'test-auth-token';
// Deliberately not the address the test server listens on: the signature must cover the configured URL.
const PUBLIC_URL = 'https://bot.example.org/api/sms';
const BOT_NUMBER = '+15559990000';
const MORE = 'Reply MORE for the rest.';
const MARKDOWN = /\*\*|\]\(|^#/m;
const hasMore = (page: string) => page.split('\n').some((line) => isMoreLine(line, 'en'));
/** A page's text without its MORE line and whatever follows it (page 1's source link). */
const bodyOf = (page: string) => {
  const lines = page.split('\n');
  const at = lines.findIndex((line) => isMoreLine(line, 'en'));
  return (at < 0 ? lines : lines.slice(0, at)).join('\n');
};

let brain: Brain;
let base = '';
const logLines: string[] = [];
const closers: Array<() => Promise<void>> = [];

let numberSeq = 0;
/** A fresh sender per conversation; all share the 1555777 prefix so the log check can find any leak. */
const newNumber = () => `+1555777${String(++numberSeq).padStart(4, '0')}`;
let sidSeq = 0;

const listen = async (server: ReturnType<typeof createServer>) => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  closers.push(() => new Promise((done) => server.close(() => done())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

const makeSmsBot = (log: ReturnType<typeof createLogger>) => {
  const tap = createReplyTap();
  const bot = new SupportBot({
    core: tap.wrap(brain.core),
    conversationState: new ConversationState(new MemoryStorage()),
    log,
    welcome: async (channel, locale, language) => brain.fixedReply('welcome', channel, locale, language),
  });
  const errorText = () => formatForChannel(brain.fixedReply('error', 'sms', 'en-US'), 'sms').text;
  const adapter = new TwilioSmsAdapter({ log, errorText });
  const cloud = createAdapter({}, log, errorText);
  return { tap, bot, adapter, cloud };
};

beforeAll(async () => {
  brain = await sharedBrain();
  const log = createLogger({ hashKey: 'test-key', write: (line) => logLines.push(line) });
  const { tap, bot, adapter, cloud } = makeSmsBot(log);
  const server = createServer({
    adapter: cloud,
    bot,
    log,
    routes: [smsRoutes({ bot, adapter, tap, log, authToken: TOKEN, publicUrl: PUBLIC_URL })],
  });
  base = await listen(server);
});
afterAll(async () => {
  for (const close of closers) await close();
});

const unescapeXml = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

interface SmsResult {
  status: number;
  contentType: string;
  xml: string;
  messages: string[];
}

/** Posts one inbound SMS as Twilio would: form-encoded, signed over PUBLIC_URL, unless `signature` overrides it. */
const text = async (
  from: string,
  body: string,
  options: { signature?: string | null; url?: string; sentBody?: string; target?: string } = {},
): Promise<SmsResult> => {
  const params = { AccountSid: 'AC0000', MessageSid: `SM${++sidSeq}`, From: from, To: BOT_NUMBER, Body: body, NumMedia: '0' };
  const signature = options.signature === undefined
    ? twilio.getExpectedTwilioSignature(TOKEN, options.url ?? PUBLIC_URL, params)
    : options.signature;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (signature !== null) headers['x-twilio-signature'] = signature;
  const sent = new URLSearchParams({ ...params, Body: options.sentBody ?? body });
  const res = await fetch(`${options.target ?? base}/api/sms`, { method: 'POST', headers, body: sent.toString() });
  const xml = await res.text();
  const messages = [...xml.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) => unescapeXml(m[1]!));
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', xml, messages };
};

const expectSmsShape = (messages: string[]) => {
  for (const m of messages) {
    expect(m.length).toBeLessThanOrEqual(SMS_LIMIT);
    expect(m).not.toMatch(MARKDOWN);
    expect(m).not.toMatch(/[\u2018\u2019\u201C\u201D]/);
  }
};

describe('POST /api/sms: signature', () => {
  it.each([
    ['no signature', { signature: null }],
    ['a signature made with another token', { signature: twilio.getExpectedTwilioSignature('other', PUBLIC_URL, {}) }],
    ['a signature over the local address instead of the public URL', { url: 'http://127.0.0.1/api/sms' }],
    ['a body changed after signing', { sentBody: 'something else' }],
  ] as const)('answers 403 to %s and never runs the bot', async (_name, options) => {
    const before = logLines.filter((l) => l.includes('"event":"turn"')).length;
    const res = await text(newNumber(), 'what is clonazepam', options);
    expect(res.status).toBe(403);
    expect(res.messages).toEqual([]);
    expect(logLines.filter((l) => l.includes('"event":"turn"')).length).toBe(before);
  });

  it('answers 503 "SMS not configured" without a token or public URL, and processes nothing', async () => {
    const lines: string[] = [];
    const log = createLogger({ hashKey: 'k', write: (line) => lines.push(line) });
    const { tap, bot, adapter, cloud } = makeSmsBot(log);
    const server = createServer({ adapter: cloud, bot, log, routes: [smsRoutes({ bot, adapter, tap, log, publicUrl: PUBLIC_URL })] });
    const target = await listen(server);
    const res = await text(newNumber(), 'i want to die', { target });
    expect(res.status).toBe(503);
    expect(res.xml).toBe('SMS not configured');
    expect(lines.filter((l) => l.includes('"event":"turn"'))).toEqual([]);
  });
});

describe('POST /api/sms: rate limit', () => {
  it('is checked only after the signature, keyed by the sender', async () => {
    const log = createLogger({ hashKey: 'k', write: () => {} });
    const { tap, bot, adapter, cloud } = makeSmsBot(log);
    const keys: Array<string | undefined> = [];
    const rateLimit = (req: Parameters<typeof smsFrom>[0], res: Parameters<typeof sendTwiml>[0]) => {
      keys.push(smsFrom(req));
      if (keys.length === 1) return true;
      sendTwiml(res, ['Please wait a minute. Crisis: call or text 988.']);
      return false;
    };
    const server = createServer({ adapter: cloud, bot, log, routes: [smsRoutes({ bot, adapter, tap, log, authToken: TOKEN, publicUrl: PUBLIC_URL, rateLimit })] });
    const target = await listen(server);
    const from = newNumber();
    expect((await text(from, 'what is clonazepam', { target, signature: null })).status).toBe(403);
    expect(keys).toEqual([]);
    expect((await text(from, 'what is clonazepam', { target })).messages[0]).toMatch(/clonazepam/i);
    const limited = await text(from, 'what is clonazepam', { target });
    expect(limited.messages).toEqual(['Please wait a minute. Crisis: call or text 988.']);
    expect(keys).toEqual([from, from]);
  });
});

describe('POST /api/sms: replies', () => {
  it('answers a signed question with TwiML: plain text, at most 320 characters, with a source link', async () => {
    const res = await text(newNumber(), 'can withdrawal cause seizures');
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/xml/);
    expect(res.xml).toMatch(/^<\?xml[^>]*\?><Response><Message>/);
    expect(res.messages[0]).toMatch(/seizure/i);
    expect(res.messages[0]).toMatch(/https:\/\/\S+/);
    // SMS has no conversationUpdate: the first reply is followed by the disclaimer.
    expect(res.messages[1]).toMatch(/automated assistant/i);
    expectSmsShape(res.messages);
  });

  it.each([
    ['i want to die', /988/],
    ['quiero morir', /AYUDA/],
  ])('puts the crisis line first for %j', async (message, line) => {
    const res = await text(newNumber(), message);
    expect(res.status).toBe(200);
    expect(res.messages[0]).toMatch(/988/);
    expect(res.messages[0]).toMatch(line);
    expectSmsShape(res.messages);
  });

  it('sends the rest of a long answer on MORE, one page at a time, until it is all sent', async () => {
    const from = newNumber();
    const question = 'what is protracted withdrawal';
    const first = await text(from, question);
    expect(hasMore(first.messages[0]!)).toBe(true);
    const full = (await brain.core.respond({ text: question, channel: 'sms', locale: 'en-US' }, { crisis: false, disclaimerShown: true, lastCitations: [] })).reply;
    const pages = [first.messages[0]!];
    for (const word of ['MORE', 'more.', ' More! ', 'mORe', 'MORE', 'MORE', 'MORE']) {
      if (!hasMore(pages.at(-1)!)) break;
      const next = await text(from, word);
      expect(next.messages).toHaveLength(1);
      pages.push(next.messages[0]!);
    }
    expect(pages.length).toBeGreaterThan(1);
    expect(hasMore(pages.at(-1)!)).toBe(false);
    expectSmsShape(pages);
    // Every word of the answer arrives once, in order, across the pages.
    const words = (s: string) => s.match(/[\p{L}\p{N}]+/gu) ?? [];
    expect(words(pages.map(bodyOf).join(' '))).toEqual(words(full.text.replace(/^\*\*[^*\n]+\*\*\n+/m, '')));
    // Nothing is left: MORE is now an ordinary message for the bot.
    const after = await text(from, 'MORE');
    expect(after.messages[0]).not.toBe(pages.at(-1));
  });

  it('drops the unsent pages when the person asks something else', async () => {
    const from = newNumber();
    expect(hasMore((await text(from, 'what is protracted withdrawal')).messages[0]!)).toBe(true);
    await text(from, 'thanks');
    const more = await text(from, 'more');
    expect(more.messages.join('\n')).not.toMatch(/protracted/i);
  });

  it.each(['HELP', 'help', 'Info.', 'help!'])('answers %j with the help text and the crisis line, all at once', async (word) => {
    const res = await text(newNumber(), word);
    expect(res.status).toBe(200);
    expect(res.messages.join('\n')).toMatch(/988/);
    expect(res.messages[0]).toMatch(/automated assistant/i);
    expect(res.messages.some(hasMore)).toBe(false);
    expectSmsShape(res.messages);
  });
});

describe('POST /api/sms: STOP and START', () => {
  it.each([
    ['STOP', 'START'],
    ['stopall', 'unstop'],
    ['Unsubscribe', 'START'],
    ['cancel.', 'Start'],
    ['END', 'START'],
    ['quit', 'UNSTOP'],
  ])('%j empties every reply until %j', async (stop, start) => {
    const from = newNumber();
    expect((await text(from, 'what is clonazepam')).messages.length).toBeGreaterThan(0);
    const stopped = await text(from, stop);
    expect(stopped.status).toBe(200);
    expect(stopped.xml).toMatch(/<Response\/>$/);
    for (const message of ['what is clonazepam', 'HELP', 'MORE']) {
      const res = await text(from, message);
      expect(res.status).toBe(200);
      expect(res.messages).toEqual([]);
    }
    expect((await text(from, start)).messages).toEqual([]);
    expect((await text(from, 'what is clonazepam')).messages[0]).toMatch(/clonazepam/i);
  });

  it('treats STOP inside a sentence as a message, not an opt-out', async () => {
    const res = await text(newNumber(), 'how do I stop taking klonopin safely');
    expect(res.messages.length).toBeGreaterThan(0);
  });
});

describe('SMS keywords', () => {
  const table: Array<[string, SmsKeyword | undefined]> = [
    ['STOP', 'stop'], [' stop. ', 'stop'], ['Quit!', 'stop'], ['start', 'start'], ['UNSTOP', 'start'],
    ['help', 'help'], ['INFO', 'help'], ['more', 'more'], ['More...', 'more'], ['MÁS', 'more'],
    ['ayuda', undefined], ['stop it', undefined], ['help me please', undefined], ['', undefined], ['tell me more', undefined],
  ];
  it.each(table)('%j is %s', (body, keyword) => {
    expect(smsKeyword(body)).toBe(keyword);
  });
});

describe('SMS pager', () => {
  const answer = (text: string): Reply => ({
    kind: 'answer',
    text,
    citations: [{ id: 'a1', title: 'A source', url: 'https://example.org/source' }],
    ruleIds: [],
  });
  const words = (s: string) => s.match(/[\p{L}\p{N}]+/gu) ?? [];
  /** The words a person reads across all pages, without the MORE lines and page 1's source line. */
  const readWords = (pages: string[], language: 'en' | 'es') =>
    words(pages.map((p) => p.split('\n')).map((lines, i) => {
      const at = lines.findIndex((line) => isMoreLine(line, language));
      const body = at < 0 ? lines : lines.slice(0, at);
      // A reply that fits in one page ends with its source line instead.
      return (i === 0 && at < 0 ? body.filter((line) => !/^(Source: .*)?https:\/\/\S+$/.test(line)) : body).join('\n');
    }).join(' '));
  const expectedWords = (markdown: string) => words(markdown.replace(/^\*\*[^*\n]+\*\*\n+/m, ''));

  const sentence = fc
    .array(fc.constantFrom('taper', 'sleep', 'anxiety', 'doctor', 'slowly', 'benzo', 'body', 'heals', 'time', 'rest', "don't", 'is', 'a'), { minLength: 1, maxLength: 30 })
    .map((ws) => `${ws.join(' ')}.`);
  const markdownReply = fc.record({
    heading: fc.boolean(),
    reminder: fc.boolean(),
    paragraphs: fc.array(fc.array(sentence, { minLength: 1, maxLength: 8 }).map((ss) => ss.join(' ')), { minLength: 1, maxLength: 6 }),
    bold: fc.boolean(),
  }).map(({ heading, reminder, paragraphs, bold }) =>
    [
      reminder ? 'Crisis help, 24/7: call or text 988.' : '',
      heading ? '**What this is about**' : '',
      ...paragraphs.map((p, i) => (bold && i === 0 ? `**Yes.** ${p}` : p)),
      '_Automated assistant, not medical advice._',
    ].filter(Boolean).join('\n\n'),
  );

  it('pages any reply into messages of at most 320 characters that keep every word in order', () => {
    fc.assert(
      fc.property(markdownReply, fc.constantFrom('en' as const, 'es' as const), (markdown, language) => {
        const reply = answer(markdown);
        const pages = smsPages(reply, language);
        expect(pages[0]).toBe(formatForChannel(reply, 'sms', { language }).text);
        for (const page of pages) {
          expect(page.length).toBeLessThanOrEqual(SMS_LIMIT);
          expect(page).not.toMatch(MARKDOWN);
        }
        pages.slice(0, -1).forEach((page) => expect(page.split('\n').some((line) => isMoreLine(line, language))).toBe(true));
        expect(pages.at(-1)!.split('\n').some((line) => isMoreLine(line, language))).toBe(false);
        expect(readWords(pages, language)).toEqual(expectedWords(markdown));
      }),
      { numRuns: 200 },
    );
  });

  it('reads the MORE line from formatForChannel', () => {
    expect(moreLine('en')).toBe(MORE);
    expect(moreLine('es')).toMatch(/MAS/);
  });
});

describe('TwilioSmsAdapter', () => {
  const inbound = { From: '+15557770999', To: BOT_NUMBER, Body: 'hi', MessageSid: 'SMx' };

  it('turns a webhook into an sms message activity keyed by the sender', async () => {
    const log = createLogger({ hashKey: 'k', write: () => {} });
    const adapter = new TwilioSmsAdapter({ log, errorText: () => 'error', locale: 'en-US' });
    let seen: Record<string, unknown> = {};
    const out = await adapter.processWebhook(inbound, async (context) => {
      const a = context.activity;
      seen = { type: a.type, id: a.id, channelId: a.channelId, conversation: a.conversation.id, from: a.from.id, recipient: a.recipient.id, text: a.text, locale: a.locale };
      await context.sendActivities([{ type: 'typing' }, { type: 'message', text: 'one' }, { type: 'message', text: 'two' }]);
    });
    expect(seen).toEqual({ type: 'message', id: 'SMx', channelId: 'sms', conversation: inbound.From, from: inbound.From, recipient: BOT_NUMBER, text: 'hi', locale: 'en-US' });
    expect(out).toEqual(['one', 'two']);
  });

  it('sends the reviewed error text when a turn fails, and logs no number', async () => {
    const lines: string[] = [];
    const log = createLogger({ hashKey: 'k', write: (line) => lines.push(line) });
    const errorText = formatForChannel(brain.fixedReply('error', 'sms', 'en-US'), 'sms').text;
    const adapter = new TwilioSmsAdapter({ log, errorText: () => errorText });
    const out = await adapter.processWebhook(inbound, async () => {
      throw new Error('boom');
    });
    expect(out).toEqual([errorText]);
    expect(out[0]).toMatch(/988/);
    expect(lines.join('\n')).toContain('turn_error');
    expect(lines.join('\n')).not.toContain('5557770999');
  });

  it('sends outside a webhook turn only through the injected REST send', async () => {
    const sent: Array<[string, string]> = [];
    const log = createLogger({ hashKey: 'k', write: () => {} });
    const adapter = new TwilioSmsAdapter({ log, errorText: () => 'error', send: async (to, body) => void sent.push([to, body]) });
    await adapter.continueConversation(
      { conversation: { id: inbound.From, isGroup: false, conversationType: 'personal', name: '' }, user: { id: inbound.From, name: '' }, bot: { id: BOT_NUMBER, name: '' } },
      async (context) => {
        await context.sendActivity('checking in');
      },
    );
    expect(sent).toEqual([[inbound.From, 'checking in']]);
  });
});

describe('every dev case over SMS', () => {
  const cases = readJsonl<{ id: string; text: string }>(resolve('../shared/eval/dev-cases.jsonl'));

  it('has cases to check', () => {
    expect(cases.length).toBeGreaterThan(50);
  });

  it.each(cases.map((c) => [c.id, c.text] as const))('%s: every message, and every MORE page, is plain and at most 320 characters', async (_id, message) => {
    const from = newNumber();
    const res = await text(from, message);
    expect(res.status).toBe(200);
    expect(res.messages.length).toBeGreaterThan(0);
    expectSmsShape(res.messages);
    let last = res.messages[0]!;
    for (let i = 0; i < 8 && hasMore(last); i++) {
      const next = await text(from, 'MORE');
      expectSmsShape(next.messages);
      last = next.messages[0]!;
    }
    expect(hasMore(last)).toBe(false);
  });
});

describe('privacy', () => {
  it('never logs a phone number or message text', () => {
    const all = logLines.join('\n');
    expect(logLines.length).toBeGreaterThan(50);
    expect(all).not.toMatch(/1555777\d{4}/);
    expect(all).not.toContain(BOT_NUMBER.slice(1));
    for (const phrase of ['can withdrawal cause seizures', 'what is protracted withdrawal', 'i want to die', 'quiero morir']) expect(all.toLowerCase()).not.toContain(phrase);
    expect(all).toMatch(/"event":"sms_opt_out","user":"[0-9a-f]{16}"/);
  });
});
