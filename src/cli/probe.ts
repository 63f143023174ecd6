// Dev probe: prints top retrieval scores for queries on stdin (not part of the product).
import { loadConfig } from '../config.js';
import { SentenceEncoderEmbeddings } from '../retrieval/embeddings.js';
import { loadArticles, toChunks } from '../retrieval/knowledge.js';
import { createRetriever } from '../retrieval/retriever.js';
import { openVectorIndex } from '../retrieval/vector-index.js';
import { createInterface } from 'node:readline';
const config = loadConfig();
const chunks = toChunks(loadArticles(`${config.KNOWLEDGE_DIR}/articles`));
const embeddings = new SentenceEncoderEmbeddings();
const index = await openVectorIndex(config.INDEX_DIR, chunks, embeddings);
const r = createRetriever({ chunks, index, embeddings, thresholds: { strongSimilarity: 0, weakSimilarity: 0, minLexical: 0 } });
for await (const line of createInterface({ input: process.stdin })) {
  const [p] = await r.retrieve(line, 'en', 1);
  console.log(JSON.stringify({ q: line, top: p?.chunk.id, sim: p?.similarity.toFixed(3), lex: p?.lexical.toFixed(2) }));
}
