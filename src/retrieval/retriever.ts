import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import type { Language } from '../core/types.js';
import { Bm25 } from './bm25.js';
import type { Chunk } from './knowledge.js';
import { expandQuery } from './query-expansion.js';
import { chunkEmbeddingText } from './vector-index.js';

export interface Passage {
  chunk: Chunk;
  /** Cosine similarity of the query to the chunk, 0..1 (dense half). */
  similarity: number;
  /** BM25 score (lexical half); 0 when the words do not overlap. */
  lexical: number;
  /** Reciprocal-rank-fusion score: the order passages come back in. */
  fused: number;
}

export interface RelevanceThresholds {
  /** Dense similarity that is enough on its own. */
  strongSimilarity: number;
  /** Dense similarity that is enough when the words overlap too... */
  weakSimilarity: number;
  /** ...by at least this BM25 score. */
  minLexical: number;
}

export interface Retriever {
  /** Passages best first, for the reply language; empty when nothing is relevant enough. */
  retrieve(query: string, language: Language, k?: number): Promise<Passage[]>;
}

const RRF_K = 60;
const CANDIDATES = 30;

/**
 * Hybrid retrieval: HNSWLib dense search fused with BM25 over the same chunks (reciprocal
 * rank fusion), after expanding lay words with their clinical twins. Dense vectors alone miss
 * words like tinnitus for "my ears ring"; BM25 alone misses paraphrase.
 */
export const createRetriever = (deps: {
  chunks: Chunk[];
  store: HNSWLib;
  embeddings: EmbeddingsInterface;
  thresholds: RelevanceThresholds;
}): Retriever => {
  const { chunks, store, embeddings, thresholds } = deps;
  const bm25 = new Bm25(chunks.map(chunkEmbeddingText));
  const indexById = new Map(chunks.map((c, i) => [c.id, i]));

  const isRelevant = (p: Passage) =>
    p.similarity >= thresholds.strongSimilarity ||
    (p.similarity >= thresholds.weakSimilarity && p.lexical >= thresholds.minLexical);

  return {
    async retrieve(query, language, k = 5) {
      const expanded = expandQuery(query);
      const vector = await embeddings.embedQuery(expanded);
      const dense = await store.similaritySearchVectorWithScore(vector, CANDIDATES);
      const lexical = bm25.search(expanded, CANDIDATES);

      const byIndex = new Map<number, Passage>();
      const entry = (index: number): Passage => {
        let p = byIndex.get(index);
        if (!p) {
          p = { chunk: chunks[index]!, similarity: 0, lexical: 0, fused: 0 };
          byIndex.set(index, p);
        }
        return p;
      };
      dense.forEach(([doc, distance], rank) => {
        const index = indexById.get(doc.metadata.chunkId as string);
        if (index === undefined) return;
        const p = entry(index);
        p.similarity = 1 - distance;
        p.fused += 1 / (RRF_K + rank);
      });
      lexical.forEach((hit, rank) => {
        const p = entry(hit.index);
        p.lexical = hit.score;
        p.fused += 1 / (RRF_K + rank);
      });
      // Passages that only BM25 found still need their dense similarity for the threshold.
      const missing = [...byIndex.values()].filter((p) => p.similarity === 0);
      if (missing.length > 0) {
        const vectors = await embeddings.embedDocuments(missing.map((p) => chunkEmbeddingText(p.chunk)));
        missing.forEach((p, i) => (p.similarity = vectors[i]!.reduce((s, v, j) => s + v * vector[j]!, 0)));
      }

      const ranked = [...byIndex.values()].sort((a, b) => b.fused - a.fused);
      const own = ranked.filter((p) => p.chunk.locale === language && isRelevant(p));
      // Spanish has a few articles of its own; anything else falls back to the English ones.
      const chosen = own.length > 0 ? own : language === 'es' ? ranked.filter((p) => p.chunk.locale === 'en' && isRelevant(p)) : [];
      return chosen.slice(0, k);
    },
  };
};
