import { describe, expect, it } from 'vitest';
import { composeAnswer } from '../../src/answer/compose.js';
import { createLlmPhraser } from '../../src/answer/llm-phraser.js';
import { loadConfig } from '../../src/config.js';
import { detectLanguage } from '../../src/core/language.js';
import { SentenceEncoderEmbeddings } from '../../src/retrieval/embeddings.js';
import { createRetriever } from '../../src/retrieval/retriever.js';
import { openVectorIndex } from '../../src/retrieval/vector-index.js';
import { sharedBrain } from '../helpers/brain.js';
import { answerPrompt, articles, ask, captureLog, chunks, CountingChatModel, coreWith, responses } from './helpers.js';

const QUESTIONS = [
  'is it dangerous to quit klonopin cold turkey?',
  'why cant i sleep while tapering',
  'my ears are ringing since I cut down',
  'what is CBT-I',
  'how long does benzo withdrawal last',
  'are there support groups for benzo withdrawal',
  'can I drink alcohol while on klonopin',
  '¿es peligroso dejar el clonazepam de golpe?',
  'how tall is mount everest',
  'I want to die',
  'how many mg should I take',
  'hello',
];

const realRetriever = async () => {
  const config = loadConfig({});
  const embeddings = new SentenceEncoderEmbeddings();
  const index = await openVectorIndex(config.INDEX_DIR, chunks, embeddings);
  return createRetriever({
    chunks,
    index,
    embeddings,
    thresholds: {
      strongSimilarity: config.RETRIEVAL_STRONG_SIMILARITY,
      weakSimilarity: config.RETRIEVAL_WEAK_SIMILARITY,
      minLexical: config.RETRIEVAL_MIN_LEXICAL,
    },
  });
};

describe('phrasing off changes nothing', () => {
  it('with the phraser unset, or always falling back, every reply is byte-for-byte the extractive one', async () => {
    const retriever = await realRetriever();
    const brain = await sharedBrain();
    const unset = coreWith(retriever);
    const hostile = new CountingChatModel({ responses: ['Chamomile tea cures withdrawal. Take 2 mg at night.'] });
    const fallingBack = coreWith(retriever, createLlmPhraser({ model: hostile, prompt: answerPrompt, log: captureLog().log }));
    const byId = new Map(articles.map((a) => [a.id, a]));
    let answers = 0;

    for (const question of QUESTIONS) {
      const reply = await ask(unset, question);
      expect(JSON.stringify(await ask(brain.core, question)), question).toBe(JSON.stringify(reply));
      expect(JSON.stringify(await ask(fallingBack, question)), question).toBe(JSON.stringify(reply));
      if (reply.kind !== 'answer') continue;
      answers++;
      const language = detectLanguage(question, 'en-US', undefined);
      const extractive = composeAnswer(await retriever.retrieve(question, language), byId, responses.text('answer-disclaimer', language, {}));
      expect(reply.text, question).toBe(extractive!.text);
    }
    expect(answers).toBeGreaterThanOrEqual(6);
    expect(hostile.calls).toBe(answers);
  });
});
