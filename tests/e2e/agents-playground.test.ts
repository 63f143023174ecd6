import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type restify from 'restify';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import WebSocket from 'ws';
import { createAdapter } from '../../src/adapter.js';
import type { Core } from '../../src/core/run-turn.js';
import { createServer } from '../../src/server.js';
import { makeBot } from '../helpers/bot.js';

// Microsoft 365 Agents Playground is a local Teams look-alike: it sends our bot Teams-shaped
// activities (channelId msteams, personal chats, team channels with @mentions) and takes the
// replies on its own connector. It runs offline; we drive it through its REST API and read
// the bot's replies from its websocket, with no browser.

const PLAYGROUND_CLI = resolve('node_modules/@microsoft/m365agentsplayground/cli.js');

interface PlaygroundConfig {
  bot: { id: string; name: string };
  currentUser: { id: string };
  personalChat: { id: string };
  teams: Array<{ channels: Array<{ id: string; name: string }> }>;
}
interface BotMessage {
  conversationId: string;
  text: string;
  textFormat?: string;
}

const freePort = () =>
  new Promise<number>((done, fail) => {
    const probe = createNetServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => done(port));
    });
  });

let server: restify.Server;
let playground: ChildProcess | undefined;
let playgroundOutput = '';
let socket: WebSocket | undefined;
let workDir = '';
let base = '';
let config: PlaygroundConfig;
let respond: MockInstance<Core['respond']>;
const messages: BotMessage[] = [];

const api = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
};

/** Resolves with the first bot message after `from` that matches, or fails after `ms`. */
const nextMessage = async (from: number, match: (m: BotMessage) => boolean, ms = 30_000): Promise<BotMessage> => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const found = messages.slice(from).find(match);
    if (found) return found;
    await sleep(100);
  }
  throw new Error(`no matching bot message within ${ms} ms; got ${JSON.stringify(messages.slice(from))}\nplayground output:\n${playgroundOutput.slice(-2000)}`);
};

const send = (conversationId: string, text: string, mentions?: Array<{ mentioned: { id: string }; text: string }>) =>
  api<{ messageId: string; postConversationId?: string }>('POST', `/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
    from: { id: config.currentUser.id },
    text,
    textFormat: 'plain',
    ...(mentions ? { mentions } : {}),
  });

const waitForPlayground = async (ms: number) => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (playground?.exitCode !== null) throw new Error(`the playground exited early:\n${playgroundOutput}`);
    try {
      return (await api<{ config: PlaygroundConfig }>('GET', '/_internal/v1/config')).config;
    } catch {
      await sleep(250);
    }
  }
  throw new Error(`the playground did not answer within ${ms} ms:\n${playgroundOutput}`);
};

beforeAll(async () => {
  const { bot, log, brain } = await makeBot();
  respond = vi.spyOn(brain.core, 'respond');
  const adapter = createAdapter({}, log, () => brain.fixedReply('error', 'msteams', 'en-US').text);
  server = createServer({ adapter, bot, log });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const botPort = (server.address() as AddressInfo).port;

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // It writes ./devTools/ into its working folder, so it gets a folder (and home) of its own.
  workDir = await mkdtemp(join(tmpdir(), 'agents-playground-'));
  playground = spawn(
    process.execPath,
    [
      PLAYGROUND_CLI, 'start',
      '-e', `http://127.0.0.1:${botPort}/api/messages`,
      '-c', 'msteams',
      '-p', String(port),
      '--service-url', `${base}/_connector`,
      '--disable-telemetry',
    ],
    {
      cwd: workDir,
      env: { PATH: process.env.PATH, HOME: workDir, APPLICATION_INSIGHTS_NO_STATSBEAT: 'true', TEAMSAPPTESTER_BROWSER: 'none' },
      // Its own process group, so afterAll can stop it and anything it started.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  playground.stdout?.on('data', (chunk) => (playgroundOutput += chunk));
  playground.stderr?.on('data', (chunk) => (playgroundOutput += chunk));
  config = await waitForPlayground(90_000);
  // It falls back to a random port when the asked one is taken; then the URLs above are wrong.
  expect(playgroundOutput).toContain(`Listening on ${port}`);

  socket = new WebSocket(`ws://127.0.0.1:${port}/_ws_conversation/v1/conversations/stream`);
  socket.on('message', (data) => {
    const event = JSON.parse(String(data)) as { action?: string; actionConversationId?: string; message?: { text?: string; textFormat?: string; from?: { id?: string } } };
    if (event.action !== 'createMessage' || event.message?.from?.id !== config.bot.id) return;
    messages.push({ conversationId: event.actionConversationId ?? '', text: event.message.text ?? '', textFormat: event.message.textFormat });
  });
  await new Promise<void>((done, fail) => {
    socket!.once('open', () => done());
    socket!.once('error', fail);
  });
}, 180_000);

afterAll(async () => {
  socket?.close();
  if (playground?.pid && playground.exitCode === null) {
    const exited = new Promise((done) => playground!.once('exit', done));
    process.kill(-playground.pid, 'SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
    if (!stopped) process.kill(-playground.pid, 'SIGKILL');
  }
  respond?.mockRestore();
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  if (workDir) await rm(workDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}, 30_000);

describe('Microsoft 365 Agents Playground (Teams, offline)', () => {
  it('personal chat: welcome on install, a cited answer, and 988 for a crisis', async () => {
    const chat = config.personalChat.id;

    let from = messages.length;
    await api('POST', `/_debug/conversation/${encodeURIComponent(chat)}/installation`, {});
    const welcome = await nextMessage(from, (m) => m.conversationId === chat);
    expect(welcome.text).toMatch(/automated assistant/i);
    expect(welcome.text).toMatch(/medical advice/i);

    from = messages.length;
    await send(chat, 'what does withdrawal feel like');
    const answer = await nextMessage(from, (m) => m.conversationId === chat);
    expect(answer.textFormat).toBe('markdown');
    expect(answer.text).toMatch(/anxiety|sleep/i);
    expect(answer.text).toMatch(/Sources[\s\S]*\]\(https:\/\/[^)]+\)/);
    expect(answer.text).not.toMatch(/^\s{0,3}#{1,6}\s|^\s*\|.*\|\s*$/m);

    from = messages.length;
    await send(chat, 'i dont want to be alive anymore');
    const crisis = await nextMessage(from, (m) => m.conversationId === chat);
    expect(crisis.text.slice(0, 300)).toContain('988');

    const turns = respond.mock.calls.map(([input]) => input);
    expect(turns.map((t) => t.text)).toEqual(['what does withdrawal feel like', 'i dont want to be alive anymore']);
    expect(turns.every((t) => t.channel === 'msteams')).toBe(true);
  }, 120_000);

  it('team channel: answers only when @mentioned, and reads the text without its own mention', async () => {
    const channel = config.teams[0]!.channels[0]!.id;
    const calls = respond.mock.calls.length;
    const from = messages.length;

    const unmentioned = await send(channel, 'what is clonazepam');
    const at = `<at>${config.bot.name}</at>`;
    const mentioned = await send(channel, `${at} what is clonazepam`, [{ mentioned: { id: config.bot.id }, text: at }]);
    expect(mentioned.postConversationId).toBeTruthy();

    const reply = await nextMessage(from, (m) => m.conversationId === mentioned.postConversationId);
    expect(reply.text).toMatch(/benzodiazepine/i);
    expect(reply.text).toMatch(/\]\(https:\/\//);
    expect(reply.text).not.toContain('<at>');

    await sleep(1_000);
    expect(messages.slice(from).filter((m) => m.conversationId === unmentioned.postConversationId)).toEqual([]);
    expect(respond.mock.calls.slice(calls).map(([input]) => input.text)).toEqual(['what is clonazepam']);
  }, 120_000);
});
