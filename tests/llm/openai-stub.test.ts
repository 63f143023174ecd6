import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLlmPhraser } from '../../src/answer/llm-phraser.js';
import { createOpenAiCompatibleModel, phraserFromSettings } from '../../src/answer/openai-compatible.js';
import { answerPrompt, ask, captureLog, coreWith, fixedRetriever } from './helpers.js';

const COLD_TURKEY = 't07-stopping-suddenly#is-quitting-klonopin-cold-turkey-dangerous-why-not-stop-all-at-once';
const QUESTION = 'is it dangerous to quit klonopin cold turkey?';
const GROUNDED =
  'Yes, quitting Klonopin cold turkey can be dangerous. A sudden stop can cause strong withdrawal and, in some cases, seizures. ' +
  'The safer way is a slow taper planned with your prescriber.';

interface StubTurn {
  status?: number;
  content?: string;
  finishReason?: string;
  delayMs?: number;
}

/** A local OpenAI-compatible server: POST /v1/chat/completions answers with `next`. */
let next: StubTurn = {};
const requests: { body: Record<string, unknown>; headers: IncomingHttpHeaders }[] = [];
let server: Server;
let baseUrl = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(raw) as Record<string, unknown>;
      requests.push({ body, headers: req.headers });
      const turn = next;
      setTimeout(() => {
        if (res.destroyed) return;
        if (turn.status && turn.status !== 200) {
          res.writeHead(turn.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'stub failure' } }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: 'chatcmpl-stub',
            object: 'chat.completion',
            created: Math.floor(Date.now() / 1000),
            model: body.model,
            choices: [{ index: 0, message: { role: 'assistant', content: turn.content ?? '' }, finish_reason: turn.finishReason ?? 'stop' }],
            usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
          }),
        );
      }, turn.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  requests.length = 0;
});

const timeoutMs = 1_000;
const stubCore = () => {
  const { events, log } = captureLog();
  const model = createOpenAiCompatibleModel({ baseUrl, apiKey: 'stub-key', model: 'stub-model', temperature: 0.2, maxTokens: 200, timeoutMs });
  const retriever = fixedRetriever([COLD_TURKEY]);
  return { events, phrased: coreWith(retriever, createLlmPhraser({ model, prompt: answerPrompt, timeoutMs, log })), extractive: coreWith(retriever) };
};

describe('ChatOpenAI against a local OpenAI-compatible server', () => {
  it('uses a grounded paraphrase, sending a plain chat-completions request', async () => {
    next = { content: GROUNDED };
    const { phrased } = stubCore();
    const reply = await ask(phrased, QUESTION);
    expect(reply.kind).toBe('answer');
    expect(reply.ruleIds).toContain('answer.phrased');
    expect(reply.text.startsWith(GROUNDED)).toBe(true);

    expect(requests).toHaveLength(1);
    const { body, headers } = requests[0]!;
    expect(headers.authorization).toBe('Bearer stub-key');
    expect(body).toMatchObject({ model: 'stub-model', temperature: 0.2 });
    expect(body.max_tokens ?? body.max_completion_tokens).toBe(200);
    expect(body.stream).toBeFalsy();
    const messages = body.messages as { role: string; content: string }[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[1]!.content).toContain(QUESTION);
  });

  it.each<[string, StubTurn, string]>([
    ['invented facts', { content: `${GROUNDED} A Harvard study found chamomile tea cures withdrawal.` }, 'ungrounded'],
    ['a dose number', { content: 'Yes, it can be dangerous. Most people take 2 mg at night while they taper.' }, 'dose-leak'],
    ['a schedule', { content: 'The safer way is a slow taper, lowering the amount every 2 weeks.' }, 'dose-leak'],
    ['a cut-off reply', { content: GROUNDED, finishReason: 'length' }, 'truncated'],
    ['a server error', { status: 500 }, 'error'],
    ['a reply past the budget', { content: GROUNDED, delayMs: 3_000 }, 'timeout'],
  ])('%s falls back to the extractive answer within the budget', async (_name, turn, reason) => {
    next = turn;
    const { phrased, extractive, events } = stubCore();
    const started = Date.now();
    const reply = await ask(phrased, QUESTION);
    expect(Date.now() - started).toBeLessThan(timeoutMs + 500);
    expect(reply).toEqual(await ask(extractive, QUESTION));
    expect(requests).toHaveLength(1);
    expect(events).toEqual([expect.objectContaining({ used: false, reason })]);
  });
});

describe('phraserFromSettings', () => {
  const { log } = captureLog();
  it.each([
    ['no settings', undefined],
    ['all LLM keys unset', { promptDir: 'prompts/answer', log }],
    ['an API key alone', { apiKey: 'k', promptDir: 'prompts/answer', log }],
  ])('%s: off', (_name, settings) => {
    expect(phraserFromSettings(settings)).toBeUndefined();
  });
  it.each([
    ['a base URL without a model', { baseUrl: 'http://127.0.0.1:1/v1', promptDir: 'prompts/answer', log }],
    ['a model without a base URL', { model: 'm', promptDir: 'prompts/answer', log }],
  ])('%s: fails at start-up', (_name, settings) => {
    expect(() => phraserFromSettings(settings)).toThrow(/LLM_BASE_URL and LLM_MODEL/);
  });
  it('a broken prompt folder fails at start-up', () => {
    expect(() => phraserFromSettings({ baseUrl, model: 'm', promptDir: 'tests/fixtures/prompts/bad-config', log })).toThrow(/config\.json/);
  });
  it('set: a working phraser aimed at the server, without an API key', async () => {
    next = { content: GROUNDED };
    const phraser = phraserFromSettings({ baseUrl, model: 'local-model', promptDir: 'prompts/answer', log });
    const core = coreWith(fixedRetriever([COLD_TURKEY]), phraser);
    expect((await ask(core, QUESTION)).ruleIds).toContain('answer.phrased');
    expect(requests[0]!.body).toMatchObject({ model: 'local-model', temperature: answerPrompt.config.temperature });
  });
});
