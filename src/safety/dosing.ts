import { loadLexicon } from './lexicon.js';
import { normalize } from './normalize.js';

const DOSING_ROWS = [...loadLexicon('dosing.en.yaml'), ...loadLexicon('dosing.es.yaml')];

/** Ids of the dosing rows a message matches: any match means the dosing refusal. */
export const detectDosing = (raw: string): string[] => {
  const text = normalize(raw);
  return DOSING_ROWS.filter((row) => row.test(text)).map((row) => row.id);
};
