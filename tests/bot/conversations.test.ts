import { TestAdapter, type Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { SMS_LIMIT } from '../../src/channels/format.js';
import { makeBot } from '../helpers/bot.js';

/** [user message, patterns the FIRST reply must match, patterns it must not match]. */
type Turn = [string, RegExp[], RegExp[]?];

interface Conversation {
  name: string;
  locale?: string;
  turns: Turn[];
}

// Issue 6 behaviour as data: each conversation runs on webchat, msteams and sms.
const CONVERSATIONS: Conversation[] = [
  {
    name: 'crisis stays visible after a denial',
    turns: [
      ['I want to die', [/988/]],
      ['jk never mind', [/988/]],
      ['what is clonazepam', [/988/, /benzodiazepine|seizure|panic|klonopin|clonazepam/i]],
    ],
  },
  {
    name: '"you misunderstood" does not clear crisis mode',
    turns: [
      ['everyone would be better off without me', [/988/]],
      ['you misunderstood me', [/988/]],
      ['does exercise help', [/988/]],
    ],
  },
  {
    name: 'risk that builds across turns escalates',
    turns: [
      ['I stopped my meds last week', [], [/^[\s\S]{0,120}988/]],
      ['I have the whole bottle right here', [/988/]],
    ],
  },
  {
    name: 'past ideation gets a gentle offer, not the crisis script',
    turns: [['I was suicidal years ago, doing OK now. does therapy help with withdrawal?', [/988/, /therap|counsel/i], [/glad you told me/i]]],
  },
  {
    name: 'Spanish gets Spanish, with AYUDA',
    turns: [['quiero morir', [/988/, /AYUDA/]]],
  },
  {
    name: 'a named country changes the helplines',
    turns: [
      ["I'm in the UK", [/116 123/, /999/]],
      ['I want to die', [/116 123/, /999/], [/\b988\b/]],
    ],
  },
  {
    name: 'en-GB locale gets UK lines',
    locale: 'en-GB',
    turns: [['I want to kill myself', [/116 123/, /999/]]],
  },
];

const CHANNELS = ['webchat', 'msteams', 'sms'] as const;

describe.each(CHANNELS)('%s', (channelId) => {
  it.each(CONVERSATIONS.map((c) => [c.name, c] as const))('%s', async (_name, conversation) => {
    const { bot } = await makeBot();
    const adapter = new TestAdapter(async (context) => bot.run(context), {
      channelId,
      locale: conversation.locale ?? 'en-US',
      conversation: { id: `c-${channelId}-${conversation.name}`, isGroup: false, conversationType: 'personal', name: 'c' },
      recipient: { id: 'bot', name: 'Bot' },
    });
    for (const [text, must, mustNot = []] of conversation.turns) {
      await adapter.receiveActivity({ type: 'message', text } as Partial<Activity>);
      const replies = adapter.activityBuffer.splice(0).filter((a) => a.type === 'message');
      const first = replies[0]?.text ?? '';
      for (const re of must) expect(first, text).toMatch(re);
      for (const re of mustNot) expect(first, text).not.toMatch(re);
      if (channelId === 'sms') for (const r of replies) expect((r.text ?? '').length).toBeLessThanOrEqual(SMS_LIMIT);
    }
  });
});

describe('welcome and disclaimer once per conversation', () => {
  it.each(CHANNELS)('%s', async (channelId) => {
    const { bot } = await makeBot();
    const adapter = new TestAdapter(async (context) => bot.run(context), { channelId, conversation: { id: `w-${channelId}`, isGroup: false, conversationType: 'personal', name: 'w' } });
    if (channelId !== 'sms') await adapter.receiveActivity({ type: 'conversationUpdate', membersAdded: [{ id: 'user', name: 'u' }] });
    await adapter.receiveActivity({ type: 'message', text: 'what is clonazepam' });
    await adapter.receiveActivity({ type: 'message', text: 'does therapy help' });
    const texts = adapter.activityBuffer.map((a) => a.text ?? '');
    expect(texts.filter((t) => /automated assistant with/i.test(t))).toHaveLength(1);
  });
});
