import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config.js';
import { SentenceEncoderEmbeddings } from '../retrieval/embeddings.js';
import { loadArticles, toChunks } from '../retrieval/knowledge.js';
import { createRetriever } from '../retrieval/retriever.js';
import { openVectorIndex } from '../retrieval/vector-index.js';
import { detectLanguage } from '../core/language.js';
import { rankArticles, retrievalMetrics, type RetrievalCase } from '../eval/retrieval-metrics.js';

// `npm run eval:retrieval [-- DIR]`: Recall@1, Recall@3 and MRR of the article a question must reach.
const DEFAULT_DIR = 'tests/cases/retrieval';
const GOALS = { recallAt1: 0.8, recallAt3: 0.95 };

const main = async () => {
  const dir = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? DEFAULT_DIR;
  const verbose = process.argv.includes('--verbose');
  const cases: RetrievalCase[] = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as RetrievalCase[]);
  const config = loadConfig();
  const articles = loadArticles(join(config.KNOWLEDGE_DIR, 'articles'));
  const chunks = toChunks(articles);
  const embeddings = new SentenceEncoderEmbeddings();
  const index = await openVectorIndex(config.INDEX_DIR, chunks, embeddings);
  // Ranking quality is measured without the answer/no-answer threshold, which the dev eval covers.
  const retriever = createRetriever({ chunks, index, embeddings, thresholds: { strongSimilarity: 0, weakSimilarity: 0, minLexical: 0 } });
  const ranks: number[] = [];
  for (const c of cases) {
    const passages = await retriever.retrieve(c.q, detectLanguage(c.q, undefined, undefined), 30);
    const rank = rankArticles(passages, c.article);
    ranks.push(rank);
    if (verbose || rank !== 1) console.log(`${rank === 1 ? 'ok  ' : `r=${rank === 0 ? '-' : rank}`.padEnd(4)} ${c.article.padEnd(40)} ${c.q}  -> ${passages[0]?.chunk.articleId ?? 'none'}`);
  }
  const m = retrievalMetrics(ranks);
  const covered = new Set(cases.map((c) => c.article));
  const uncovered = articles.filter((a) => !covered.has(a.id)).map((a) => a.id);
  console.log(`\nretrieval: ${cases.length} questions over ${articles.length} articles`);
  console.log(`  Recall@1 ${m.recallAt1.toFixed(3)} (goal ${GOALS.recallAt1})  Recall@3 ${m.recallAt3.toFixed(3)} (goal ${GOALS.recallAt3})  MRR ${m.mrr.toFixed(3)}`);
  if (uncovered.length > 0) console.log(`  articles no question reaches: ${uncovered.join(', ')}`);
  const ok = m.recallAt1 >= GOALS.recallAt1 && m.recallAt3 >= GOALS.recallAt3;
  console.log(ok ? 'retrieval: goals met' : 'retrieval: BELOW GOAL');
  process.exit(ok ? 0 : 1);
};

main().catch((error: Error) => {
  console.error(`eval:retrieval: ${error.message}`);
  process.exit(2);
});
