import type { Passage } from '../retrieval/retriever.js';

export interface RetrievalCase {
  q: string;
  article: string;
}

/** 1-based rank of the first passage from `articleId` among distinct articles; 0 when absent. */
export const rankArticles = (passages: Passage[], articleId: string): number => {
  const seen: string[] = [];
  for (const p of passages) if (!seen.includes(p.chunk.articleId)) seen.push(p.chunk.articleId);
  return seen.indexOf(articleId) + 1;
};

export const retrievalMetrics = (ranks: number[]) => {
  const n = Math.max(1, ranks.length);
  return {
    recallAt1: ranks.filter((r) => r === 1).length / n,
    recallAt3: ranks.filter((r) => r >= 1 && r <= 3).length / n,
    mrr: ranks.reduce((s, r) => s + (r > 0 ? 1 / r : 0), 0) / n,
  };
};
