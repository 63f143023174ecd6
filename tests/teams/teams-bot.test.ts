import { readFileSync } from 'node:fs';
import { TestAdapter, type Activity, type ConversationAccount } from 'botbuilder';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { formatForChannel, TEAMS_MAX_ACTIONS } from '../../src/channels/format.js';
import type { Core } from '../../src/core/run-turn.js';
import type { Reply, ReplyKind } from '../../src/core/types.js';
import { makeBot } from '../helpers/bot.js';

const BOT = { id: 'bot-id', name: 'Benzo Bot' };
const MENTION = `<at>${BOT.name}</at>`;
const mention = { type: 'mention', text: MENTION, mentioned: BOT };

const PERSONAL: ConversationAccount = { id: 'a:personal-1', isGroup: false, conversationType: 'personal', name: '' };
const CHANNEL: ConversationAccount = { id: '19:general@thread.tacv2;messageid=1', isGroup: true, conversationType: 'channel', name: 'General' };

// Teams renders bold, italic, links and lists, but not headers or tables.
const TEAMS_UNSUPPORTED = [/^\s{0,3}#{1,6}\s/m, /^\s*\|.*\|\s*$/m, /^\s*[-:|]{3,}\s*$/m];

let respond: MockInstance<Core['respond']>;
let bot: Awaited<ReturnType<typeof makeBot>>['bot'];

beforeEach(async () => {
  const made = await makeBot();
  bot = made.bot;
  respond = vi.spyOn(made.brain.core, 'respond');
});
afterEach(() => respond.mockRestore());

const teams = (conversation: ConversationAccount) =>
  new TestAdapter(async (context) => bot.run(context), {
    channelId: 'msteams',
    locale: 'en-US',
    conversation,
    recipient: BOT,
    from: { id: '29:user-1', name: 'Alex' },
  });

/** What the core was asked, and what it answered, on each turn so far. */
const coreTurns = async () =>
  Promise.all(respond.mock.calls.map(async ([input], i) => ({ text: input.text, channel: input.channel, reply: (await respond.mock.results[i]!.value).reply as Reply })));

describe('Teams @mentions', () => {
  const cases: Array<[where: string, conversation: ConversationAccount, text: string]> = [
    ['personal chat, mention first', PERSONAL, `${MENTION} what is clonazepam`],
    ['channel, mention first', CHANNEL, `${MENTION} what is clonazepam`],
    ['channel, mention last', CHANNEL, `what is clonazepam ${MENTION}`],
  ];
  it.each(cases)('%s: the core sees only the question', async (_where, conversation, text) => {
    const adapter = teams(conversation);
    await adapter.receiveActivity({ type: 'message', text, entities: [mention] });
    const [turn] = await coreTurns();
    expect(turn).toMatchObject({ text: 'what is clonazepam', channel: 'msteams' });
    expect(turn!.reply.kind).toBe('answer');
    const reply = adapter.activityBuffer.shift();
    expect(reply?.text).toMatch(/clonazepam/i);
    expect(reply?.text).not.toContain('<at>');
  });

  it('a crisis behind a mention still escalates first', async () => {
    const adapter = teams(CHANNEL);
    await adapter.receiveActivity({ type: 'message', text: `${MENTION} i want to end my life`, entities: [mention] });
    expect((await coreTurns())[0]?.text).toBe('i want to end my life');
    expect(adapter.activityBuffer.shift()?.text?.slice(0, 300)).toContain('988');
  });
});

describe('Teams replies use only the Markdown Teams renders', () => {
  const cases: Array<[text: string, kind: ReplyKind, must: RegExp]> = [
    ['what does withdrawal feel like', 'answer', /\]\(https:\/\/[^)]+\)/],
    ['how long does withdrawal last', 'answer', /Sources/],
    ['I want to kill myself', 'crisis', /^[\s\S]{0,300}988/],
    ['my friend is having a seizure', 'emergency', /^[\s\S]{0,300}911/],
    ['how many mg should I take', 'dosing', /prescriber|pharmacist/i],
    ['what is the capital of france', 'no_answer', /SAMHSA/],
    ['hi', 'smalltalk', /automated assistant/i],
  ];
  it.each(cases)('%s -> %s', async (text, kind, must) => {
    const adapter = teams(PERSONAL);
    await adapter.receiveActivity({ type: 'message', text });
    expect((await coreTurns())[0]?.reply.kind).toBe(kind);
    const replies = adapter.activityBuffer.splice(0);
    expect(replies.length).toBeGreaterThan(0);
    expect(replies[0]!.text).toMatch(must);
    for (const reply of replies) {
      expect(reply.textFormat).toBe('markdown');
      for (const pattern of TEAMS_UNSUPPORTED) expect(reply.text).not.toMatch(pattern);
      expect(reply.suggestedActions?.actions.length ?? 0).toBeLessThanOrEqual(TEAMS_MAX_ACTIONS);
    }
  });

  it('the Teams formatter drops headers and tables and keeps at most 3 suggested actions', () => {
    const reply: Reply = {
      kind: 'answer',
      text: '## Sleep\n\nSleep often gets worse.\n\n| symptom | weeks |\n|---|---|\n| insomnia | some |\n\n- **rest** when you can',
      citations: [{ id: 'a', title: 'Sleep and withdrawal', url: 'https://example.org/sleep' } as Reply['citations'][number]],
      ruleIds: [],
    };
    const out = formatForChannel(reply, 'msteams', { suggestions: ['one', 'two', 'three', 'four', 'five'] });
    expect(out.suggestedActions).toEqual(['one', 'two', 'three']);
    for (const pattern of TEAMS_UNSUPPORTED) expect(out.text).not.toMatch(pattern);
    expect(out.text).toContain('Sleep often gets worse.');
    expect(out.text).toContain('- **rest** when you can');
    expect(out.text).toContain('[Sleep and withdrawal](https://example.org/sleep)');
  });
});

describe('Teams install and the manifest commands', () => {
  it('greets once on install with the disclaimer', async () => {
    const adapter = teams(PERSONAL);
    await adapter.receiveActivity({ type: 'conversationUpdate', membersAdded: [{ id: '29:user-1', name: 'Alex' }, BOT] });
    const replies = adapter.activityBuffer.splice(0);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toMatch(/automated assistant/i);
    expect(replies[0]!.text).toMatch(/medical advice/i);
    expect(replies[0]!.text).toMatch(/988/);
    await adapter.receiveActivity({ type: 'conversationUpdate', membersAdded: [{ id: '29:user-2', name: 'Megan' }] });
    expect(adapter.activityBuffer).toEqual([]);
  });

  const manifest = JSON.parse(readFileSync('teams/manifest.json', 'utf8'));
  const commands: Array<{ title: string }> = manifest.bots[0].commandLists.flatMap((l: { commands: unknown[] }) => l.commands);
  it.each(commands.map((c) => c.title))('command "%s" gets a real answer', async (title) => {
    const adapter = teams(PERSONAL);
    await adapter.receiveActivity({ type: 'message', text: title } as Partial<Activity>);
    expect(['smalltalk', 'answer']).toContain((await coreTurns())[0]?.reply.kind);
    expect(adapter.activityBuffer.shift()?.text).toMatch(/\w/);
  });
});
