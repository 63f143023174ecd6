import { TestAdapter, type Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { SMS_LIMIT } from '../../src/channels/format.js';
import { makeBot } from '../helpers/bot.js';

type Check = RegExp | ((a: Partial<Activity>) => void);
/** One user message and what each bot reply to it must satisfy, in order. */
type Step = [user: string | Partial<Activity>, ...replies: Check[]];

interface Transcript {
  name: string;
  channelId: 'webchat' | 'msteams' | 'sms';
  locale?: string;
  steps: Step[];
}

const noMarkdown = (a: Partial<Activity>) => expect(a.text ?? '').not.toMatch(/\*\*|__|^#|\]\(/m);
const fitsSms = (a: Partial<Activity>) => expect((a.text ?? '').length).toBeLessThanOrEqual(SMS_LIMIT);
const sms = (...more: Check[]): Check => (a) => {
  noMarkdown(a);
  fitsSms(a);
  for (const m of more) if (m instanceof RegExp) expect(a.text).toMatch(m);
};
const welcome = /automated assistant/i;

const TRANSCRIPTS: Transcript[] = [
  {
    name: 'webchat: cited answer, crisis, sticky crisis, dosing',
    channelId: 'webchat',
    steps: [
      ['what does benzo withdrawal feel like', /anxiety|sleep/i],
      ['is it normal to feel this way', /./],
      ['honestly everyone would be better off without me', /^[\s\S]{0,300}988/],
      ['never mind', /988/],
      ['what is clonazepam', /988[\s\S]*Sources/],
      ['can I split my pills in half', /prescriber|pharmacist/],
    ],
  },
  {
    name: 'webchat: sources are linked with https',
    channelId: 'webchat',
    steps: [['does exercise help with withdrawal', /\]\(https:\/\//]],
  },
  {
    name: 'msteams: mention stripped, Teams markdown only, emergency',
    channelId: 'msteams',
    steps: [
      [
        {
          text: '<at>Benzo Bot</at> what is clonazepam',
          entities: [{ type: 'mention', text: '<at>Benzo Bot</at>', mentioned: { id: 'bot', name: 'Benzo Bot' } }],
        },
        (a) => {
          expect(a.text).toMatch(/benzodiazepine|seizure|panic/i);
          expect(a.text).not.toMatch(/^#|\|.*\|/m);
        },
      ],
      ['my husband took all his pills and is not breathing', /^[\s\S]{0,300}911/],
    ],
  },
  {
    name: 'sms: plain text within 320 characters, disclaimer on first reply',
    channelId: 'sms',
    steps: [
      ['how long does klonopin withdrawal last', sms(/week|month/i), sms(welcome)],
      ['kms', sms(/988/)],
      ['how much should I cut my dose by', sms(/prescriber|pharmacist/)],
      ['what does withdrawal feel like', sms(/988/)],
    ],
  },
  {
    name: 'sms: Spanish crisis in Spanish with AYUDA',
    channelId: 'sms',
    steps: [['quiero morir', sms(/988/, /AYUDA/), sms(/asistente/)]],
  },
];

describe.each(TRANSCRIPTS)('$name', ({ channelId, locale, steps }) => {
  it('replies as expected, turn by turn', async () => {
    const { bot } = await makeBot();
    const adapter = new TestAdapter(async (context) => bot.run(context), {
      channelId,
      locale: locale ?? 'en-US',
      conversation: { id: `conv-${channelId}`, isGroup: false, conversationType: 'personal', name: 't' },
      recipient: { id: 'bot', name: 'Benzo Bot' },
    });
    for (const [user, ...checks] of steps) {
      const activity: Partial<Activity> = typeof user === 'string' ? { type: 'message', text: user } : { type: 'message', ...user };
      await adapter.receiveActivity(activity);
      for (const check of checks) {
        const reply = adapter.activityBuffer.shift();
        expect(reply, `a reply to ${JSON.stringify(activity.text)}`).toBeDefined();
        if (check instanceof RegExp) expect(reply!.text).toMatch(check);
        else check(reply!);
      }
      expect(adapter.activityBuffer.map((a) => a.text)).toEqual([]);
    }
  });
});

describe('welcome on conversationUpdate', () => {
  it('greets a new member once with the disclaimer', async () => {
    const { bot } = await makeBot();
    const adapter = new TestAdapter(async (context) => bot.run(context), { channelId: 'webchat' });
    await adapter.receiveActivity({ type: 'conversationUpdate', membersAdded: [{ id: 'user1', name: 'u' }] });
    expect(adapter.activityBuffer.shift()?.text).toMatch(/medical advice/i);
    expect(adapter.activityBuffer).toEqual([]);
  });
});

describe('privacy of logs', () => {
  it('logs kind and rule ids but never message text or phone numbers', async () => {
    const { bot, logLines } = await makeBot();
    const phone = '+15551234567';
    const adapter = new TestAdapter(async (context) => bot.run(context), {
      channelId: 'sms',
      conversation: { id: phone, isGroup: false, conversationType: 'personal', name: 'sms' },
      from: { id: phone, name: phone },
    });
    const secret = 'my neighbour Zebulon says he wants to die';
    await adapter.receiveActivity({ type: 'message', text: secret });
    const log = logLines.join('\n');
    expect(log).toMatch(/"kind":"crisis"/);
    expect(log).not.toContain('Zebulon');
    expect(log).not.toContain('5551234567');
  });
});
