import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { Document } from '@langchain/core/documents';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import type { Chunk } from './knowledge.js';

/** What a chunk is embedded as: its title path carries meaning the body leaves implicit. */
export const chunkEmbeddingText = (chunk: Chunk): string => `${chunk.title}\n${chunk.text}`;

/** Changes whenever any chunk's text, title or order changes, or the embedding recipe does. */
export const fingerprint = (chunks: Chunk[]): string => {
  const hash = createHash('sha256').update('use-lite-v1\n');
  for (const c of chunks) hash.update(`${c.id}\n${chunkEmbeddingText(c)}\n`);
  return hash.digest('hex');
};

const MANIFEST = 'manifest.json';

export interface VectorIndex {
  store: HNSWLib;
  rebuilt: boolean;
  /** The stored vector of chunk `i` (same order as the chunks given), without re-embedding it. */
  vectorOf(i: number): number[];
}

// fromDocuments labels points 0..n-1 in the order given; checked once so a stale or
// reordered index is rebuilt instead of returning another chunk's vector.
const labelsMatch = (store: HNSWLib, chunks: Chunk[]) =>
  chunks.every((c, i) => store.docstore.search(String(i))?.metadata.chunkId === c.id);

const withVectors = (store: HNSWLib, rebuilt: boolean): VectorIndex => {
  // Copied out of hnswlib once: getPoint allocates a fresh array on every call, on the hot path.
  const vectors: number[][] = [];
  return {
    store,
    rebuilt,
    vectorOf: (i) => (vectors[i] ??= store.index.getPoint(i)),
  };
};

/**
 * Loads the HNSWLib index from `dir`, or builds and saves it when it is missing or was
 * built from other article text. The only module that touches hnswlib.
 */
export const openVectorIndex = async (
  dir: string,
  chunks: Chunk[],
  embeddings: EmbeddingsInterface,
): Promise<VectorIndex> => {
  const wanted = fingerprint(chunks);
  const manifestPath = join(dir, MANIFEST);
  if (existsSync(manifestPath)) {
    try {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { fingerprint?: string };
      if (manifest.fingerprint === wanted) {
        const store = await HNSWLib.load(dir, embeddings);
        if (labelsMatch(store, chunks)) return withVectors(store, false);
      }
    } catch {
      // A damaged index is rebuilt below rather than trusted.
    }
  }
  const docs = chunks.map((c) => new Document({ pageContent: chunkEmbeddingText(c), metadata: { chunkId: c.id } }));
  // HNSWLib.fromDocuments uses cosine space, so distances are 1 - cosine similarity.
  const store = await HNSWLib.fromDocuments(docs, embeddings);
  mkdirSync(dir, { recursive: true });
  await store.save(dir);
  writeFileSync(manifestPath, JSON.stringify({ fingerprint: wanted, chunks: chunks.length, builtAt: new Date().toISOString() }));
  return withVectors(store, true);
};
