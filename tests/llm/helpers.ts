import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { loadHelplines } from '../../src/answer/helplines.js';
import type { AnswerPhraser } from '../../src/answer/phraser.js';
import { loadPromptFolder } from '../../src/answer/prompt-folder.js';
import { loadResponses } from '../../src/answer/responses.js';
import { createCore } from '../../src/core/run-turn.js';
import { newSession, type Channel } from '../../src/core/types.js';
import type { LogFields } from '../../src/logger.js';
import { loadArticles, toChunks, type Chunk } from '../../src/retrieval/knowledge.js';
import type { Passage, Retriever } from '../../src/retrieval/retriever.js';

export const articles = loadArticles('knowledge/articles');
export const chunks = toChunks(articles);
export const responses = loadResponses('prompts/responses');
export const helplines = loadHelplines('knowledge/helplines.json');
export const answerPrompt = loadPromptFolder('prompts/answer');

export const chunkById = (id: string): Chunk => {
  const chunk = chunks.find((c) => c.id === id);
  if (!chunk) throw new Error(`no chunk ${id}`);
  return chunk;
};

export const passageOf = (chunk: Chunk): Passage => ({ chunk, similarity: 0.9, lexical: 10, fused: 1 });

/** Always returns these chunks, best first, whatever the question. */
export const fixedRetriever = (ids: string[]): Retriever => ({
  retrieve: async () => ids.map((id) => passageOf(chunkById(id))),
});

export const coreWith = (retriever: Retriever, phraser?: AnswerPhraser) =>
  createCore({ responses, helplines, retriever, articles, dosingPointerArticle: 't28-why-no-dose-advice', phraser });

export const ask = (core: ReturnType<typeof coreWith>, text: string, channel: Channel = 'webchat') =>
  core.respond({ text, channel, locale: 'en-US' }, newSession()).then((r) => r.reply);

/** LangChain's fake chat model, counting calls and keeping the messages it was sent. */
export class CountingChatModel extends FakeListChatModel {
  calls = 0;
  received: BaseMessage[][] = [];

  override async _generate(messages: BaseMessage[], options?: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    this.calls++;
    this.received.push(messages);
    return super._generate(messages, options, runManager);
  }
}

/** A model whose every call fails, like a refused connection or a 500. */
export class ThrowingChatModel extends CountingChatModel {
  override async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    this.calls++;
    this.received.push(messages);
    throw new Error('model unavailable');
  }
}

/** A log that keeps what the phraser reports, to assert on fallback reasons. */
export const captureLog = () => {
  const events: (LogFields & { event: string })[] = [];
  return { events, log: { info: (event: string, fields: LogFields = {}) => void events.push({ event, ...fields }) } };
};
