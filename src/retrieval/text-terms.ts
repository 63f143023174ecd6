import { normalize } from '../safety/normalize.js';

const STOPWORDS = new Set(
  ('a an and are as at be been but by can could did do does doing for from had has have how i if im in into is it its ' +
    'just me my of on or so than that the their them then there these they this to too u up was we were what when where ' +
    'which who why will with would you your youre ive id ill dont whats hows thats ' +
    'de la el en y que los las un una por con para es al lo se del como mi me su').split(' '),
);

/** A deliberately light stemmer: enough to meet "tapering"/"taper", "symptoms"/"symptom". */
export const stem = (word: string): string => {
  if (word.length <= 4) return word;
  for (const suffix of ['ational', 'ations', 'ation', 'ingly', 'ings', 'ing', 'edly', 'ness', 'ment', 'ies', 'ied', 'ers', 'er', 'ed', 'ly', 'es', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) return word.slice(0, -suffix.length);
  }
  return word;
};

/** Content terms of a text, normalised the same way the safety rails see it. */
export const terms = (text: string): string[] =>
  normalize(text)
    .split(/[\s|]+/)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w))
    .map(stem);
