import { loadLexicon } from './lexicon.js';
import { normalize } from './normalize.js';

const REGION_ROWS = loadLexicon('regions.yaml');

/** The helpline region a message names, if any ("I'm in the UK" -> GB). */
export const detectRegion = (raw: string): string | undefined => {
  const text = normalize(raw);
  return REGION_ROWS.find((r) => r.test(text))?.category;
};
