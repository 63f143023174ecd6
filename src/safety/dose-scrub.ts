import { loadLexicon } from './lexicon.js';

const SCRUB_ROWS = loadLexicon('dose-scrub.yaml').map((row) => ({
  id: row.id,
  regexes: row.regexes.map((re) => new RegExp(re.source, 'gi')),
}));

/**
 * Finds dose numbers, percentages, schedules, taper rates and equivalence wording in
 * text that is about to leave the bot. Returns the ids of the rules that fired; empty
 * means the text is clean.
 *
 * @remarks Pure and idempotent: scrubbing the same text twice gives the same answer.
 */
export const findDoseLeaks = (text: string): string[] =>
  SCRUB_ROWS.filter((row) =>
    row.regexes.some((re) => {
      re.lastIndex = 0;
      return re.test(text);
    }),
  ).map((row) => row.id);
