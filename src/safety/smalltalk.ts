import { loadLexicon } from './lexicon.js';
import { normalize } from './normalize.js';

const SMALLTALK_ROWS = loadLexicon('smalltalk.yaml');

export interface SmalltalkMatch {
  ruleId: string;
  /** The response in prompts/responses/ that answers it. */
  reply: string;
}

export const detectSmalltalk = (raw: string): SmalltalkMatch | null => {
  const text = normalize(raw);
  const row = SMALLTALK_ROWS.find((r) => r.test(text));
  return row?.reply ? { ruleId: row.id, reply: row.reply } : null;
};
