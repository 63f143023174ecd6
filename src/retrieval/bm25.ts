import { terms } from './text-terms.js';

export interface Bm25Hit {
  index: number;
  score: number;
}

/** Okapi BM25 over a fixed set of documents: the lexical half of hybrid retrieval. */
export class Bm25 {
  private readonly docs: Map<string, number>[];
  private readonly lengths: number[];
  private readonly avgLength: number;
  private readonly df = new Map<string, number>();

  constructor(texts: string[], private readonly k1 = 1.2, private readonly b = 0.75) {
    this.docs = texts.map((t) => {
      const tf = new Map<string, number>();
      for (const term of terms(t)) tf.set(term, (tf.get(term) ?? 0) + 1);
      return tf;
    });
    this.lengths = this.docs.map((d) => [...d.values()].reduce((a, n) => a + n, 0));
    this.avgLength = this.lengths.reduce((a, n) => a + n, 0) / Math.max(1, this.lengths.length);
    for (const doc of this.docs) for (const term of doc.keys()) this.df.set(term, (this.df.get(term) ?? 0) + 1);
  }

  private idf(term: string): number {
    const n = this.df.get(term) ?? 0;
    return Math.log(1 + (this.docs.length - n + 0.5) / (n + 0.5));
  }

  search(query: string, k: number): Bm25Hit[] {
    const queryTerms = [...new Set(terms(query))];
    const hits: Bm25Hit[] = [];
    this.docs.forEach((doc, index) => {
      let score = 0;
      for (const term of queryTerms) {
        const tf = doc.get(term);
        if (!tf) continue;
        const norm = this.k1 * (1 - this.b + (this.b * this.lengths[index]!) / this.avgLength);
        score += this.idf(term) * ((tf * (this.k1 + 1)) / (tf + norm));
      }
      if (score > 0) hits.push({ index, score });
    });
    return hits.sort((a, b) => b.score - a.score).slice(0, k);
  }
}
