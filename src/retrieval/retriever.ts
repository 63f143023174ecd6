import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Language } from '../core/types.js';
import { Bm25 } from './bm25.js';
import type { Chunk } from './knowledge.js';
import { expandQuery } from './query-expansion.js';
import { chunkEmbeddingText, type VectorIndex } from './vector-index.js';

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
const LEXICAL_WEIGHT = 1.5;
const TITLE_WEIGHT = 1;

const cosine = (a: number[], b: number[]) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / (Math.sqrt(na * nb) || 1);
};
const CANDIDATES = 30;

/**
 * Hybrid retrieval: HNSWLib dense search fused with BM25 over the same chunks (reciprocal
 * rank fusion), after expanding lay words with their clinical twins. Dense vectors alone miss
 * words like tinnitus for "my ears ring"; BM25 alone misses paraphrase.
 */
export const createRetriever = (deps: {
  chunks: Chunk[];
  index: Pick<VectorIndex, 'store' | 'vectorOf'>;
  embeddings: EmbeddingsInterface;
  thresholds: RelevanceThresholds;
}): Retriever => {
  const { chunks, index, embeddings, thresholds } = deps;
  const bm25 = new Bm25(chunks.map(chunkEmbeddingText));
  // Headings are the questions people ask; matching them is a strong, separate signal.
  const titles = new Bm25(chunks.map((c) => c.title));
  const indexById = new Map(chunks.map((c, i) => [c.id, i]));

  const isRelevant = (p: Passage) =>
    p.similarity >= thresholds.strongSimilarity ||
    (p.similarity >= thresholds.weakSimilarity && p.lexical >= thresholds.minLexical);

  return {
    async retrieve(query, language, k = 5) {
      const expanded = expandQuery(query);
      const vector = await embeddings.embedQuery(expanded);
      const dense = await index.store.similaritySearchVectorWithScore(vector, CANDIDATES);
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
        p.fused += LEXICAL_WEIGHT / (RRF_K + rank);
      });
      titles.search(expanded, CANDIDATES).forEach((hit, rank) => {
        entry(hit.index).fused += TITLE_WEIGHT / (RRF_K + rank);
      });
      // Passages that only BM25 found still need their dense similarity for the threshold.
      for (const [i, p] of byIndex) {
        if (p.similarity === 0) p.similarity = cosine(index.vectorOf(i), vector);
      }

      const ranked = [...byIndex.values()].sort((a, b) => b.fused - a.fused);
      const own = ranked.filter((p) => p.chunk.locale === language && isRelevant(p));
      // Spanish has a few articles of its own; anything else falls back to the English ones.
      const chosen = own.length > 0 ? own : language === 'es' ? ranked.filter((p) => p.chunk.locale === 'en' && isRelevant(p)) : [];
      return chosen.slice(0, k);
    },
  };
};
