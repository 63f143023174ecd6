import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage, type AIMessage } from '@langchain/core/messages';
import type { Logger } from '../logger.js';
import type { Passage } from '../retrieval/retriever.js';
import { findDoseLeaks } from '../safety/dose-scrub.js';
import { groundedSentences } from './grounding.js';
import type { AnswerPhraser, PhraseRequest } from './phraser.js';
import type { PromptFolder } from './prompt-folder.js';
import { render } from './render.js';

export interface LlmPhraserDeps {
  model: BaseChatModel;
  /** The `prompts/answer` folder: wording plus temperature, passages, budget and threshold. */
  prompt: PromptFolder;
  /** Time budget for one call; defaults to the prompt's `timeoutMs`. */
  timeoutMs?: number;
  log: Pick<Logger, 'info'>;
}

/** Why a phrasing was not used; logged, never shown. */
export type FallbackReason = 'timeout' | 'error' | 'empty' | 'truncated' | 'dose-leak' | 'ungrounded';

const passagesBlock = (passages: Passage[]) => passages.map((p) => `### ${p.chunk.title}\n${p.chunk.text}`).join('\n\n');

/** The messages one phrasing call sends: the reviewed template, filled. */
export const phraserMessages = (prompt: PromptFolder, request: PhraseRequest) => {
  const vars = { question: request.question, passages: passagesBlock(request.passages.slice(0, prompt.config.maxPassages)) };
  return [new SystemMessage(render(prompt.system, vars, 'template.md')), new HumanMessage(render(prompt.user, vars, 'template.md'))];
};

const textOf = (message: AIMessage): string =>
  typeof message.content === 'string'
    ? message.content
    : message.content.map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : '')).join('');

const TIMED_OUT = Symbol('timeout');

/**
 * Model phrasing that is never trusted: the reply is used only when it arrives within the
 * budget, is not empty or cut off, has no dose wording, and every sentence is grounded in
 * the passages the model was given. Anything else returns null, so the extractive answer goes out.
 */
export const createLlmPhraser = (deps: LlmPhraserDeps): AnswerPhraser => {
  const { model, prompt, log } = deps;
  const timeoutMs = deps.timeoutMs ?? prompt.config.timeoutMs;

  const call = async (request: PhraseRequest): Promise<{ text: string } | { reason: FallbackReason }> => {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
    });
    try {
      // The race, not the signal, enforces the budget: not every model honours abort.
      const result = await Promise.race([model.invoke(phraserMessages(prompt, request), { signal: controller.signal }), timeout]);
      if (result === TIMED_OUT) return { reason: 'timeout' };
      if (result.response_metadata?.finish_reason === 'length') return { reason: 'truncated' };
      const text = textOf(result).trim();
      return text ? { text } : { reason: 'empty' };
    } catch {
      return { reason: 'error' };
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  };

  return {
    async phrase(request) {
      const started = Date.now();
      const outcome = await call(request);
      const text = 'text' in outcome ? outcome.text : undefined;
      const passages = request.passages.slice(0, prompt.config.maxPassages);
      const unsupported = text === undefined ? 0 : groundedSentences(text, passages, prompt.config.minSupport).unsupported.length;
      const reason: FallbackReason | undefined =
        'reason' in outcome ? outcome.reason : findDoseLeaks(outcome.text).length > 0 ? 'dose-leak' : unsupported > 0 ? 'ungrounded' : undefined;
      log.info('phraser', { used: !reason, reason, unsupported, latencyMs: Date.now() - started });
      return reason ? null : (text ?? null);
    },
  };
};
