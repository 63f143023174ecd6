import { SentenceEncoderEmbeddings } from '../retrieval/embeddings.js';

export interface EmbedCounter {
  /** embedDocuments calls (embedQuery goes through it) since the counter started. */
  calls(): number;
  restore(): void;
}

/**
 * Counts encoder calls of every SentenceEncoderEmbeddings in the process. The brain builds
 * its own instance, so the prototype is the one place to see whether a turn reached retrieval.
 */
export const countEmbedCalls = (): EmbedCounter => {
  const proto = SentenceEncoderEmbeddings.prototype;
  const original = proto.embedDocuments;
  let calls = 0;
  proto.embedDocuments = function (this: SentenceEncoderEmbeddings, documents: string[]) {
    calls++;
    return original.call(this, documents);
  };
  return {
    calls: () => calls,
    restore: () => {
      proto.embedDocuments = original;
    },
  };
};
