import { join } from 'node:path';
import { loadHelplines } from './answer/helplines.js';
import { loadResponses } from './answer/responses.js';
import type { Config } from './config.js';
import { createCore, type Core } from './core/run-turn.js';
import { SentenceEncoderEmbeddings } from './retrieval/embeddings.js';
import { loadArticles, toChunks } from './retrieval/knowledge.js';
import { createRetriever } from './retrieval/retriever.js';
import { openVectorIndex } from './retrieval/vector-index.js';

export interface Brain {
  core: Core;
  /** True when this start-up had to (re)build the vector index. */
  indexRebuilt: boolean;
  chunkCount: number;
}

type BrainConfig = Pick<
  Config,
  'KNOWLEDGE_DIR' | 'PROMPTS_DIR' | 'INDEX_DIR' | 'RETRIEVAL_STRONG_SIMILARITY' | 'RETRIEVAL_WEAK_SIMILARITY' | 'RETRIEVAL_MIN_LEXICAL'
>;

/** Loads content, opens (or builds) the index and returns the adapter-free core. */
export const createBrain = async (config: BrainConfig): Promise<Brain> => {
  const articles = loadArticles(join(config.KNOWLEDGE_DIR, 'articles'));
  const chunks = toChunks(articles);
  const embeddings = new SentenceEncoderEmbeddings();
  const index = await openVectorIndex(config.INDEX_DIR, chunks, embeddings);
  const retriever = createRetriever({
    chunks,
    index,
    embeddings,
    thresholds: {
      strongSimilarity: config.RETRIEVAL_STRONG_SIMILARITY,
      weakSimilarity: config.RETRIEVAL_WEAK_SIMILARITY,
      minLexical: config.RETRIEVAL_MIN_LEXICAL,
    },
  });
  const core = createCore({
    responses: loadResponses(join(config.PROMPTS_DIR, 'responses')),
    helplines: loadHelplines(join(config.KNOWLEDGE_DIR, 'helplines.json')),
    retriever,
    articles,
    dosingPointerArticle: 't28-why-no-dose-advice',
  });
  return { core, indexRebuilt: index.rebuilt, chunkCount: chunks.length };
};
