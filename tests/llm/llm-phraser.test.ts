import { describe, expect, it } from 'vitest';
import { createLlmPhraser, phraserMessages } from '../../src/answer/llm-phraser.js';
import { findDoseLeaks } from '../../src/safety/dose-scrub.js';
import { answerPrompt, ask, captureLog, CountingChatModel, coreWith, fixedRetriever, passageOf, chunkById, ThrowingChatModel } from './helpers.js';

const COLD_TURKEY = 't07-stopping-suddenly#is-quitting-klonopin-cold-turkey-dangerous-why-not-stop-all-at-once';
const RUN_OUT = 't07-stopping-suddenly#what-happens-if-i-run-out-of-my-klonopin-prescription-before-a-refill';
const DE_GOLPE = 'es-t07-dejar-de-golpe#es-peligroso-dejar-el-clonazepam-de-golpe';
const QUESTION = 'is it dangerous to quit klonopin cold turkey?';

const GROUNDED =
  "Yes, stopping Klonopin all at once can be dangerous. If you've taken it regularly for a month or more, your body is probably dependent on it, " +
  'and a sudden stop can cause strong withdrawal and sometimes seizures. The safer way is a slow taper planned with your prescriber.';

const setup = (model: CountingChatModel, ids = [COLD_TURKEY], timeoutMs?: number) => {
  const { events, log } = captureLog();
  const retriever = fixedRetriever(ids);
  const phrased = coreWith(retriever, createLlmPhraser({ model, prompt: answerPrompt, timeoutMs, log }));
  return { phrased, extractive: coreWith(retriever), events };
};

describe('a grounded paraphrase is used', () => {
  it('replaces the extractive body, keeps citations and the disclaimer', async () => {
    const model = new CountingChatModel({ responses: [GROUNDED] });
    const { phrased, extractive, events } = setup(model);
    const reply = await ask(phrased, QUESTION);
    const plain = await ask(extractive, QUESTION);
    expect(reply.kind).toBe('answer');
    expect(reply.ruleIds).toContain('answer.phrased');
    expect(reply.text.startsWith(GROUNDED)).toBe(true);
    expect(reply.text).toMatch(/_Automated assistant, not medical advice\._$/);
    expect(reply.citations).toEqual(plain.citations);
    expect(model.calls).toBe(1);
    expect(events).toEqual([expect.objectContaining({ event: 'phraser', used: true, unsupported: 0 })]);
  });

  it('works in Spanish from a Spanish passage', async () => {
    const text = 'Sí, dejar el clonazepam de golpe puede ser peligroso. Las guías médicas piden bajarlo poco a poco, con un plan hecho para ti.';
    const model = new CountingChatModel({ responses: [text] });
    const { phrased } = setup(model, [DE_GOLPE]);
    const reply = await ask(phrased, '¿es peligroso dejar el clonazepam de golpe?');
    expect(reply.ruleIds).toContain('answer.phrased');
    expect(reply.text.startsWith(text)).toBe(true);
  });
});

describe('the model is never trusted', () => {
  it.each([
    ['an invented fact', `${GROUNDED} Chamomile tea and magnesium supplements cure withdrawal, according to a Harvard study.`, 'ungrounded'],
    ['an invented number', 'A sudden stop causes seizures in 40 out of 100 people.', 'ungrounded'],
    ['a dose number', 'Yes, it can be dangerous. Take 2 mg at night instead and taper slowly with your prescriber.', 'dose-leak'],
    ['a taper rate', 'The safer way is a slow taper: reduce by 10% every 2 weeks with your prescriber.', 'dose-leak'],
    ['a dose in words', 'Stopping suddenly is dangerous, so take two pills each night.', 'dose-leak'],
    ['an empty reply', '   ', 'empty'],
  ])('%s: the extractive answer goes out', async (_name, text, reason) => {
    const model = new CountingChatModel({ responses: [text] });
    const { phrased, extractive, events } = setup(model);
    const reply = await ask(phrased, QUESTION);
    expect(reply).toEqual(await ask(extractive, QUESTION));
    expect(reply.kind).toBe('answer');
    expect(reply.ruleIds).not.toContain('answer.phrased');
    expect(findDoseLeaks(reply.text)).toEqual([]);
    expect(model.calls).toBe(1);
    expect(events).toEqual([expect.objectContaining({ used: false, reason })]);
  });

  it('a slow model falls back within the budget', async () => {
    const model = new CountingChatModel({ responses: [GROUNDED], sleep: 3_000 });
    const { phrased, extractive, events } = setup(model, [COLD_TURKEY], 150);
    const started = Date.now();
    const reply = await ask(phrased, QUESTION);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(reply).toEqual(await ask(extractive, QUESTION));
    expect(events).toEqual([expect.objectContaining({ used: false, reason: 'timeout' })]);
  });

  it('a throwing model falls back within the budget', async () => {
    const model = new ThrowingChatModel({ responses: [] });
    const { phrased, extractive, events } = setup(model, [COLD_TURKEY], 150);
    const started = Date.now();
    const reply = await ask(phrased, QUESTION);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(reply).toEqual(await ask(extractive, QUESTION));
    expect(model.calls).toBe(1);
    expect(events).toEqual([expect.objectContaining({ used: false, reason: 'error' })]);
  });

  it('a paraphrase grounded only in a passage the model was not given is rejected', async () => {
    const onlyOne = { ...answerPrompt, config: { ...answerPrompt.config, maxPassages: 1 } };
    const fromSecond = 'Running out of your prescription is a sudden stop. Contact your prescriber or a pharmacist as soon as you can.';
    const model = new CountingChatModel({ responses: [fromSecond] });
    const { log, events } = captureLog();
    const phraser = createLlmPhraser({ model, prompt: onlyOne, log });
    const passages = [passageOf(chunkById(COLD_TURKEY)), passageOf(chunkById(RUN_OUT))];
    expect(await phraser.phrase({ question: QUESTION, language: 'en', passages, extractive: '' })).toBeNull();
    expect(events[0]).toMatchObject({ reason: 'ungrounded' });
  });
});

describe('what the model is sent', () => {
  it('the reviewed template, the top passages and the question as the user turn', () => {
    const passages = [COLD_TURKEY, RUN_OUT, DE_GOLPE].map((id) => passageOf(chunkById(id)));
    const prompt = { ...answerPrompt, config: { ...answerPrompt.config, maxPassages: 2 } };
    const [system, user] = phraserMessages(prompt, { question: QUESTION, language: 'en', passages, extractive: '' });
    expect(system!.getType()).toBe('system');
    expect(user!.getType()).toBe('human');
    expect(system!.content).toContain(chunkById(COLD_TURKEY).text);
    expect(system!.content).toContain(chunkById(RUN_OUT).text);
    expect(system!.content).not.toContain(chunkById(DE_GOLPE).text);
    expect(system!.content).not.toContain(QUESTION);
    expect(user!.content).toContain(QUESTION);
    expect(`${system!.content}${user!.content}`).not.toMatch(/\{\{|\}\}/);
  });
});

describe('crisis, emergency, dosing and other non-answer turns never reach the model', () => {
  const model = new CountingChatModel({ responses: [GROUNDED] });
  const { phrased } = setup(model);
  it.each([
    ['I want to die', 'crisis'],
    ['i keep thinking about ending it all', 'crisis'],
    ['quiero morir', 'crisis'],
    ['my wife had a seizure after stopping klonopin', 'emergency'],
    ['my friend took a bunch of pills and won\'t wake up', 'emergency'],
    ['how much klonopin should I take to sleep', 'dosing'],
    ['can I cut my pill in half', 'dosing'],
    ['give me a taper schedule', 'dosing'],
    ['hello', 'smalltalk'],
  ])('%s -> %s', async (text, kind) => {
    const reply = await ask(phrased, text);
    expect(reply.kind).toBe(kind);
    expect(reply.ruleIds).not.toContain('answer.phrased');
    expect(model.calls).toBe(0);
  });
  it('a turn with no relevant passage does not call it either', async () => {
    const none = new CountingChatModel({ responses: [GROUNDED] });
    const { log } = captureLog();
    const core = coreWith(fixedRetriever([]), createLlmPhraser({ model: none, prompt: answerPrompt, log }));
    expect((await ask(core, 'how tall is mount everest')).kind).toBe('no_answer');
    expect(none.calls).toBe(0);
  });
  it('an answer turn does', async () => {
    expect((await ask(phrased, QUESTION)).ruleIds).toContain('answer.phrased');
    expect(model.calls).toBe(1);
  });
});
