import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Bm25 } from '../../src/retrieval/bm25.js';
import { expandQuery } from '../../src/retrieval/query-expansion.js';
import { parseArticle } from '../../src/retrieval/knowledge.js';
import { loadConfig } from '../../src/config.js';
import { SentenceEncoderEmbeddings } from '../../src/retrieval/embeddings.js';
import { loadArticles, toChunks } from '../../src/retrieval/knowledge.js';
import { createRetriever } from '../../src/retrieval/retriever.js';
import { openVectorIndex } from '../../src/retrieval/vector-index.js';
import { detectLanguage } from '../../src/core/language.js';
import { rankArticles, retrievalMetrics } from '../../src/eval/retrieval-metrics.js';

describe('Bm25', () => {
  it('ranks the document that shares the rare words first', () => {
    const bm25 = new Bm25(['ringing in the ears is tinnitus', 'sleep and insomnia', 'exercise helps mood']);
    expect(bm25.search('tinnitus ears', 3)[0]?.index).toBe(0);
    expect(bm25.search('nothing matches here', 3)).toEqual([]);
  });
});

describe('lay-to-clinical query expansion', () => {
  it.each([
    ['my ears keep ringing', 'tinnitus'],
    ['feels like bugs crawling under my skin', 'formication'],
    ['cant sleep at all', 'insomnia'],
    ['my heart is racing', 'palpitations'],
  ])('%s adds %s', (q, word) => {
    expect(expandQuery(q)).toContain(word);
  });
});

describe('article parsing fails loudly, naming the file', () => {
  it.each([
    ['no front matter', '# Title\n\ntext', /no front matter/],
    ['http source', '---\nid: x\ntitle: X\nlocale: en\nreviewed_on: 2026-01-01\nsources:\n  - title: A\n    publisher: B\n    url: http://example.org\n---\n\ntext', /https/],
    ['missing sources', '---\nid: x\ntitle: X\nlocale: en\nreviewed_on: 2026-01-01\n---\n\ntext', /sources/],
    ['bad locale', '---\nid: x\ntitle: X\nlocale: fr\nreviewed_on: 2026-01-01\nsources:\n  - title: A\n    publisher: B\n    url: https://example.org\n---\n\ntext', /locale/],
  ])('%s', (_name, content, message) => {
    expect(() => parseArticle('broken.md', content)).toThrow(message);
    expect(() => parseArticle('broken.md', content)).toThrow(/broken\.md/);
  });
  it('splits sections by ## heading and keeps the opening as its own chunk', () => {
    const a = parseArticle('ok.md', '---\nid: ok\ntitle: OK\nlocale: en\nreviewed_on: 2026-01-01\nsources:\n  - title: A\n    publisher: B\n    url: https://example.org\n---\n\nOpening.\n\n## First?\n\nOne.\n\n## Second?\n\nTwo.');
    expect(a.sections.map((s) => s.heading)).toEqual(['OK', 'First?', 'Second?']);
  });
});

describe('retrieval eval (real embeddings, HNSWLib + BM25)', () => {
  it('meets Recall@1 >= 0.80 and Recall@3 >= 0.95 on the question table', async () => {
    const config = loadConfig({});
    const chunks = toChunks(loadArticles('knowledge/articles'));
    const embeddings = new SentenceEncoderEmbeddings();
    const index = await openVectorIndex(config.INDEX_DIR, chunks, embeddings);
    const retriever = createRetriever({ chunks, index, embeddings, thresholds: { strongSimilarity: 0, weakSimilarity: 0, minLexical: 0 } });
    const dir = 'tests/cases/retrieval';
    const cases = readdirSync(dir).flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { q: string; article: string }[]);
    const ranks = [];
    for (const c of cases) ranks.push(rankArticles(await retriever.retrieve(c.q, detectLanguage(c.q, undefined, undefined), 30), c.article));
    const m = retrievalMetrics(ranks);
    expect(m.recallAt1).toBeGreaterThanOrEqual(0.8);
    expect(m.recallAt3).toBeGreaterThanOrEqual(0.95);
  });
});
