import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConversationState, MemoryStorage, TestAdapter } from 'botbuilder';
import { afterEach, describe, expect, it } from 'vitest';
import { createStaffAlerts } from '../../src/alerts/staff-alerts.js';
import { dedupeMiddleware } from '../../src/bot/dedupe.js';
import { SupportBot } from '../../src/bot/support-bot.js';
import { createLogger } from '../../src/logger.js';
import { sharedBrain } from '../helpers/brain.js';

const receivers: Array<() => void> = [];
afterEach(() => receivers.splice(0).forEach((close) => close()));

/** A local staff webhook that records bodies, answering after `delayMs`. */
const receiver = async (delayMs = 0) => {
  const bodies: Record<string, unknown>[] = [];
  const server = createHttpServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      bodies.push(JSON.parse(raw) as Record<string, unknown>);
      setTimeout(() => res.end('ok'), delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receivers.push(() => server.close());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alert`, bodies };
};

const botWith = async (options: { webhookUrl?: string; handoff?: boolean }) => {
  const brain = await sharedBrain();
  const logLines: string[] = [];
  const log = createLogger({ hashKey: 'k', write: (l) => logLines.push(l) });
  const alerts = createStaffAlerts({ webhookUrl: options.webhookUrl, log, timeoutMs: 10_000 });
  const bot = new SupportBot({
    core: brain.core,
    conversationState: new ConversationState(new MemoryStorage()),
    log,
    welcome: async (channel, locale, language) => brain.fixedReply('welcome', channel, locale, language),
    alerts,
    handoff: options.handoff,
  });
  return { bot, alerts, logLines };
};

const phone = '+15557654321';
const smsAdapter = (bot: SupportBot) =>
  new TestAdapter(async (context) => bot.run(context), {
    channelId: 'sms',
    conversation: { id: phone, isGroup: false, conversationType: 'personal', name: 's' },
    from: { id: phone, name: phone },
  });

describe('staff alerts', () => {
  it('sends case id, channel and kind only, once per kind', async () => {
    const hook = await receiver();
    const { bot, alerts } = await botWith({ webhookUrl: hook.url });
    const adapter = smsAdapter(bot);
    await adapter.receiveActivity({ type: 'message', text: 'my brother Zeke says he wants to kill himself' });
    await adapter.receiveActivity({ type: 'message', text: 'he still says it' });
    await alerts.settled();
    expect(hook.bodies).toHaveLength(1);
    const body = hook.bodies[0]!;
    expect(Object.keys(body).sort()).toEqual(['at', 'caseId', 'channel', 'kind']);
    expect(body).toMatchObject({ channel: 'sms', kind: 'crisis' });
    expect(JSON.stringify(body)).not.toMatch(/Zeke|5557654321/);
  });

  it('never delays the reply, even when the webhook is slow', async () => {
    const hook = await receiver(3000);
    const { bot, alerts } = await botWith({ webhookUrl: hook.url });
    const adapter = smsAdapter(bot);
    const started = Date.now();
    await adapter.receiveActivity({ type: 'message', text: 'I am going to overdose tonight' });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(adapter.activityBuffer[0]?.text).toMatch(/988/);
    await alerts.settled();
    expect(hook.bodies).toHaveLength(1);
  });

  it('a failing webhook is logged by case id and the person still gets the crisis reply', async () => {
    const { bot, alerts, logLines } = await botWith({ webhookUrl: 'http://127.0.0.1:9/nowhere' });
    const adapter = smsAdapter(bot);
    await adapter.receiveActivity({ type: 'message', text: 'kms' });
    expect(adapter.activityBuffer[0]?.text).toMatch(/988/);
    await alerts.settled();
    expect(logLines.join('\n')).toMatch(/staff_alert_failed/);
  });
});

describe('handoff.initiate', () => {
  it.each([
    [true, 1],
    [false, 0],
  ])('flag %s sends %i handoff events', async (handoff, count) => {
    const { bot } = await botWith({ handoff });
    const adapter = new TestAdapter(async (context) => bot.run(context), { channelId: 'webchat' });
    await adapter.receiveActivity({ type: 'message', text: 'I want to end my life' });
    const events = adapter.activityBuffer.filter((a) => a.type === 'event' && a.name === 'handoff.initiate');
    expect(events).toHaveLength(count);
    if (count) expect(JSON.stringify(events[0]!.value)).not.toMatch(/end my life/);
  });
});

describe('retries of the same activity', () => {
  it('get one reply', async () => {
    const { bot } = await botWith({});
    const adapter = new TestAdapter(async (context) => bot.run(context), { channelId: 'msteams' });
    adapter.use(dedupeMiddleware());
    const activity = { type: 'message', id: 'same-id-1', text: 'what is clonazepam' };
    await adapter.receiveActivity({ ...activity });
    await adapter.receiveActivity({ ...activity });
    expect(adapter.activityBuffer.filter((a) => a.type === 'message')).toHaveLength(1);
    await adapter.receiveActivity({ ...activity, id: 'other-id' });
    expect(adapter.activityBuffer.filter((a) => a.type === 'message')).toHaveLength(2);
  });
});
