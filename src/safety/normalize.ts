import { readLexiconData } from './lexicon.js';

interface SpellingData {
  phrases: Record<string, string>;
  words: Record<string, string>;
  fuzzy: string[];
}

const spelling = readLexiconData('spelling.json') as SpellingData;
const phraseRules = Object.entries(spelling.phrases)
  .sort(([a], [b]) => b.length - a.length)
  .map(([from, to]) => ({ re: new RegExp(`(?<= |^)${from}(?= |$)`, 'g'), to }));
const fuzzyWords = new Set(spelling.fuzzy);
const fuzzyByLength = new Map<number, string[]>();
for (const word of fuzzyWords) {
  for (const len of [word.length - 1, word.length, word.length + 1]) {
    fuzzyByLength.set(len, [...(fuzzyByLength.get(len) ?? []), word]);
  }
}

// Emoji people use for pills and self-harm carry meaning the lexicon needs to see.
const EMOJI_WORDS: Array<[RegExp, string]> = [
  [/\u{1F48A}/gu, ' pillemoji '],
  [/\u{1FA78}/gu, ' bloodemoji '],
  [/\u{1F52A}|\u{1F5E1}\uFE0F?/gu, ' knifeemoji '],
  [/\u{26B0}\uFE0F?|\u{1FAA6}/gu, ' coffinemoji '],
];

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

/** Optimal string alignment distance, capped: we only ever ask "is it at most one slip?". */
const withinOneEdit = (a: string, b: string): boolean => {
  if (Math.abs(a.length - b.length) > 1) return false;
  const prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      row.push(v);
    }
    prev2.splice(0, prev2.length, ...prev);
    prev = row;
  }
  return prev[b.length]! <= 1;
};

const fixWord = (word: string): string => {
  const known = spelling.words[word];
  if (known !== undefined) return known;
  if (word.length < 6 || fuzzyWords.has(word)) return word;
  return fuzzyByLength.get(word.length)?.find((target) => withinOneEdit(word, target)) ?? word;
};

// A token mixing letters and digits on both sides ("su1c1de") is leetspeak; "2mg" is not.
const unLeet = (token: string): string =>
  /^[a-z0-9@$]+$/.test(token) && /[a-z][0-9@$]+[a-z]/.test(token) ? token.replace(/[0-9@$]/g, (c) => LEET[c] ?? c) : token;

/**
 * Folds a message into the one form every lexicon is written against: lower case, no accents,
 * no apostrophes, punctuation as spaces, letter runs of three or more squeezed to one,
 * leetspeak and known misspellings fixed, one-letter slips of key words corrected.
 * Digits and decimal points inside numbers survive, so dose numbers stay visible.
 *
 * @example normalize("I want to kil my slef!!!") // "i want to kill myself"
 */
export const normalize = (text: string): string => {
  const cached = recent.get(text);
  if (cached !== undefined) return cached;
  const result = normalizeUncached(text);
  // Every rail of a turn normalises the same message; a small cache makes that one pass.
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
  recent.set(text, result);
  return result;
};

const RECENT_MAX = 64;
const recent = new Map<string, string>();

const normalizeUncached = (text: string): string => {
  // Control characters go first; NUL is used below as a private marker for decimal points.
  let t = text.normalize('NFKC').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ');
  for (const [re, word] of EMOJI_WORDS) t = t.replace(re, word);
  t = t
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/%/g, ' percent ')
    .replace(/[\u2018\u2019\u02BC`´']/g, '')
    .replace(/(\d)[.,](\d)/g, '$1\u0000$2')
    // Sentence ends become a barrier, so a pattern never reads across two sentences.
    .replace(/\|/g, ' | ')
    .replace(/(?<!\d)[.!?;:\n]+|[.!?;:\n]+(?!\d)/g, ' | ')
    .replace(/[^\p{L}\p{N}@$\u0000|]+/gu, ' ')
    .replace(/\u0000/g, '.')
    .replace(/(\p{L})\1{2,}/gu, '$1')
    .trim();
  const words = t
    .split(' ')
    .map(unLeet)
    .flatMap((w) => w.replace(/[@$]/g, ' ').split(' '))
    .map((w) => w.replace(/(\p{L})\1{2,}/gu, '$1'))
    .filter(Boolean);
  t = words.map(fixWord).join(' ');
  for (const { re, to } of phraseRules) t = t.replace(re, to);
  return t.replace(/(?:\| )+\|/g, '|').replace(/^[\s|]+|[\s|]+$/g, '');
};
