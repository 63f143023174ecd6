import { join } from 'node:path';
import { helplineVars, loadHelplines, regionForLocale } from './answer/helplines.js';
import { loadResponses } from './answer/responses.js';
import type { AnswerPhraser } from './answer/phraser.js';
import type { Config } from './config.js';
import { detectLanguage } from './core/language.js';
import type { Channel, Language, Reply } from './core/types.js';
import { createCore, type Core } from './core/run-turn.js';
import { SentenceEncoderEmbeddings } from './retrieval/embeddings.js';
import { loadArticles, toChunks } from './retrieval/knowledge.js';
import { createRetriever } from './retrieval/retriever.js';
import { openVectorIndex } from './retrieval/vector-index.js';

export type FixedReplyName = 'welcome' | 'error' | 'rate-limited';

export interface Brain {
  core: Core;
  /** A reviewed fixed reply for the bot layer (welcome, error), in the locale's language and region. */
  fixedReply(name: FixedReplyName, channel: Channel, locale: string | undefined, language?: Language): Reply;
  /** True when this start-up had to (re)build the vector index. */
  indexRebuilt: boolean;
  chunkCount: number;
}

type BrainConfig = Pick<
  Config,
  'DEFAULT_LOCALE' | 'KNOWLEDGE_DIR' | 'PROMPTS_DIR' | 'INDEX_DIR' | 'RETRIEVAL_STRONG_SIMILARITY' | 'RETRIEVAL_WEAK_SIMILARITY' | 'RETRIEVAL_MIN_LEXICAL'
>;

/** Loads content, opens (or builds) the index and returns the adapter-free core. */
export const createBrain = async (config: BrainConfig, options: { phraser?: AnswerPhraser } = {}): Promise<Brain> => {
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
  const responses = loadResponses(join(config.PROMPTS_DIR, 'responses'));
  const helplines = loadHelplines(join(config.KNOWLEDGE_DIR, 'helplines.json'));
  const core = createCore({
    responses,
    helplines,
    retriever,
    articles,
    dosingPointerArticle: 't28-why-no-dose-advice',
    phraser: options.phraser,
  });
  const fixedReply = (name: FixedReplyName, channel: Channel, locale: string | undefined, spoken?: Language): Reply => {
    const tag = locale ?? config.DEFAULT_LOCALE;
    const language = spoken ?? detectLanguage('', tag, undefined);
    const text = responses.text(name, language, helplineVars(helplines, regionForLocale(tag), language), channel);
    return { kind: name === 'welcome' ? 'smalltalk' : 'no_answer', text, citations: [], ruleIds: [name] };
  };
  return { core, fixedReply, indexRebuilt: index.rebuilt, chunkCount: chunks.length };
};
