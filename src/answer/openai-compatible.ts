import { ChatOpenAI } from '@langchain/openai';
import type { Logger } from '../logger.js';
import { createLlmPhraser } from './llm-phraser.js';
import type { AnswerPhraser } from './phraser.js';
import { loadPromptFolder } from './prompt-folder.js';

export interface OpenAiCompatibleOptions {
  /** The API root, e.g. https://api.openai.com/v1, https://<resource>.openai.azure.com/openai/v1, http://127.0.0.1:11434/v1 (Ollama). */
  baseUrl: string;
  /** Local servers (Ollama, vLLM, llama.cpp) ignore it; the client still needs a value. */
  apiKey?: string;
  model: string;
  temperature: number;
  maxTokens: number;
  /** HTTP timeout, so an abandoned call does not hold a socket past the phraser's budget. */
  timeoutMs?: number;
}

/**
 * A chat model for any server that speaks the OpenAI chat-completions API: OpenAI, Azure
 * OpenAI's v1 endpoint, Ollama, vLLM, llama.cpp. No retries: a retry would not fit the time
 * budget, and the extractive answer is always there.
 */
export const createOpenAiCompatibleModel = (options: OpenAiCompatibleOptions): ChatOpenAI =>
  new ChatOpenAI({
    model: options.model,
    temperature: options.temperature,
    maxTokens: options.maxTokens,
    apiKey: options.apiKey || 'unused',
    maxRetries: 0,
    streaming: false,
    timeout: options.timeoutMs,
    configuration: { baseURL: options.baseUrl },
  });

/** The LLM keys from config (LLM_BASE_URL, LLM_API_KEY, LLM_MODEL), plus what the phraser needs. */
export interface LlmSettings {
  baseUrl?: string;
  apiKey?: string;
  model?: string;
  /** The answer prompt folder, normally `<PROMPTS_DIR>/answer`. */
  promptDir: string;
  log: Pick<Logger, 'info'>;
}

/**
 * The optional phraser from settings.
 *
 * @remarks Returns undefined (phrasing off, extractive answers only) when settings are absent
 * or LLM_BASE_URL and LLM_MODEL are both unset. Throws when only one of them is set, or when the
 * prompt folder is broken, so a half-made configuration stops start-up instead of going quiet.
 */
export const phraserFromSettings = (settings: LlmSettings | undefined): AnswerPhraser | undefined => {
  if (!settings || (!settings.baseUrl && !settings.model)) return undefined;
  if (!settings.baseUrl || !settings.model) {
    throw new Error(`[llm] LLM_BASE_URL and LLM_MODEL go together: set both to turn phrasing on, or neither to leave it off`);
  }
  const prompt = loadPromptFolder(settings.promptDir);
  const model = createOpenAiCompatibleModel({
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    model: settings.model,
    temperature: prompt.config.temperature,
    maxTokens: prompt.config.maxTokens,
    timeoutMs: prompt.config.timeoutMs,
  });
  return createLlmPhraser({ model, prompt, log: settings.log });
};
