import type { Article } from '../retrieval/knowledge.js';
import type { Passage } from '../retrieval/retriever.js';
import type { Citation } from '../core/types.js';

export const MAX_CITATIONS = 3;

/** The article's sources as citations (https only; the content lint guarantees there is one). */
export const articleCitations = (article: Article, max = MAX_CITATIONS): Citation[] =>
  article.sources
    .filter((s) => s.url.startsWith('https://'))
    .slice(0, max)
    .map((s) => ({ id: article.id, title: s.title, url: s.url }));

/**
 * Extractive answer: the best passage's own words under its heading, never new text.
 * Only the top passage is used so the reply answers one question and stays short.
 */
export const composeAnswer = (
  passages: Passage[],
  articles: ReadonlyMap<string, Article>,
  disclaimer: string,
): { text: string; citations: Citation[]; articleId: string } | null => {
  const best = passages[0];
  if (!best) return null;
  const article = articles.get(best.chunk.articleId);
  if (!article) return null;
  const heading = best.chunk.heading;
  const text = `**${heading}**\n\n${best.chunk.text}\n\n_${disclaimer}_`;
  return { text, citations: articleCitations(article), articleId: article.id };
};
