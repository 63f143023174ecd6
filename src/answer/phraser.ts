import type { Language } from '../core/types.js';
import type { Passage } from '../retrieval/retriever.js';

export interface PhraseRequest {
  question: string;
  language: Language;
  /** The passages the extractive answer came from, best first. */
  passages: Passage[];
  /** The extractive answer body (the default and the fallback). */
  extractive: string;
}

/**
 * Optional smoother wording for answer turns only. Crisis, emergency and dosing turns never
 * reach it, and its text still passes every output rail.
 *
 * @remarks Return null to keep the extractive answer (off, timed out, failed, or ungrounded).
 */
export interface AnswerPhraser {
  phrase(request: PhraseRequest): Promise<string | null>;
}
