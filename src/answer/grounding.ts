import type { Passage } from '../retrieval/retriever.js';

// Function words carry no facts; warm filler ("sorry", "understand") is allowed to be new.
const STOP_WORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can cannot could did do does doing down during each even ever every few for from further get gets getting got had has have ' +
    'having he her here hers herself him himself his how i if in into is it its itself just let lets like may me might more most ' +
    'much must my myself no nor not now of off often on once one only or other others our ours ourselves out over own quite rather ' +
    'really same she should so some something sometimes such than that the their theirs them themselves then there these they ' +
    'thing things this those though through to too under until up upon us usually very was way we were what when where whether ' +
    'which while who whom whose why will with within without would yes yet you your yours yourself yourselves ' +
    'dont doesnt didnt cant couldnt wont wouldnt shouldnt isnt arent wasnt werent havent hasnt hadnt im ive id youre youve youll ' +
    'youd theyre theyve thats theres whats lot lots many kind bit ' +
    'okay ok sorry glad hear hope understand understandable completely totally truly please feel free deal dealing going ' +
    'el la los las lo un una unos unas y o u ni que de del al a en con por para sin sobre entre hasta desde como cuando donde ' +
    'quien cual cuales muy mas menos pero si no ya se su sus te tu tus ti mi mis me le les nos es son ser estar esta estan este ' +
    'esto estos estas ese esa eso esos esas hay ha han he has haber puede pueden puedes tambien otro otra otros otras todo toda ' +
    'todos todas algo alguien nada mucho mucha muchos muchas poco cada porque aunque mientras tan tanto asi aqui ahi usted ustedes ' +
    'lamento siento entiendo claro vale'
  ).split(' '),
);

const SUFFIXES: readonly [string, string][] = [
  ['amientos', ''], ['amiento', ''], ['aciones', ''], ['acion', ''], ['mente', ''], ['ingly', ''], ['ness', ''],
  ['ments', ''], ['ment', ''], ['ings', ''], ['ing', ''], ['edly', ''], ['ied', 'y'], ['ies', 'y'], ['ed', ''],
  ['es', ''], ['ly', ''], ['os', ''], ['as', ''], ['s', ''], ['e', ''],
];

/** Light suffix stripping, applied the same way to both sides, so only agreement matters. */
const stem = (word: string): string => {
  for (const [suffix, replacement] of SUFFIXES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) return word.slice(0, -suffix.length) + replacement;
  }
  return word;
};

const fold = (text: string) =>
  text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/['’]/g, '');

const NUMBER = /\d+(?:[.,]\d+)*/g;
const numbersIn = (text: string) => text.match(NUMBER) ?? [];

const contentStems = (text: string): string[] =>
  fold(text)
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !/\d/.test(w) && !STOP_WORDS.has(w))
    .map(stem);

/** Sentences of a model reply, with markdown list markers and emphasis taken off. */
export const splitSentences = (text: string): string[] =>
  text
    .replace(/^\s*(?:[-*•]|\d+[.)]|#+)\s+/gm, '')
    .replace(/[*_`]+/g, '')
    .split(/\n+|(?<=[.!?…])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);

type PassageLike = string | Pick<Passage, 'chunk'>;
const passageText = (p: PassageLike) => (typeof p === 'string' ? p : `${p.chunk.title}\n${p.chunk.text}`);

export interface Grounding {
  /** Sentences whose content words and numbers the passages back. */
  supported: string[];
  /** Sentences that add words or numbers the passages do not have; any one means "do not use". */
  unsupported: string[];
}

/**
 * Checks each sentence of `text` against the passages: at least `minSupport` (0..1) of its
 * content words (lower-cased, stop words removed, lightly stemmed) must appear in them, and
 * every number in it must appear in them as written.
 *
 * @remarks Lexical, so it catches invented facts, names and numbers, not a negation flipped
 * with the same words; that is one reason the phraser is off by default and the output rails
 * still run. A sentence of only function words counts as supported.
 */
export const groundedSentences = (text: string, passages: readonly PassageLike[], minSupport: number): Grounding => {
  const source = passages.map(passageText).join('\n');
  const stems = new Set(contentStems(source));
  const prefixes = new Set([...stems].filter((s) => s.length >= 5).map((s) => s.slice(0, 5)));
  const numbers = new Set(numbersIn(source));
  const known = (s: string) => stems.has(s) || (s.length >= 5 && prefixes.has(s.slice(0, 5)));

  const result: Grounding = { supported: [], unsupported: [] };
  for (const sentence of splitSentences(text)) {
    const words = contentStems(sentence);
    const share = words.length === 0 ? 1 : words.filter(known).length / words.length;
    const numbersOk = numbersIn(sentence).every((n) => numbers.has(n));
    (share >= minSupport && numbersOk ? result.supported : result.unsupported).push(sentence);
  }
  return result;
};
