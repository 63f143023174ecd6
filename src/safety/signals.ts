import { loadLexicon } from './lexicon.js';
import { normalize } from './normalize.js';

const SIGNAL_ROWS = loadLexicon('signals.yaml');

/** The signal categories (distress, means) a message carries. */
export const detectSignals = (raw: string): string[] => {
  const text = normalize(raw);
  return [...new Set(SIGNAL_ROWS.filter((r) => r.test(text)).map((r) => r.category))];
};

/** Escalate when the means to act meet distress, in this message or earlier ones. */
export const signalsEscalate = (signals: Iterable<string>): boolean => {
  const seen = new Set(signals);
  return seen.has('means') && seen.has('distress');
};
