import { formatForChannel, SMS_LIMIT } from '../channels/format.js';
import type { Language, Reply } from '../core/types.js';

const MAX_PAGES = 8;
const WORD = /[\p{L}\p{N}]+/gu;
// A bold-only line is a heading; formatForChannel drops it on SMS.
const HEADING_LINE = /^\*\*[^*\n]+\*\*$/gm;
// What is left of the cut sentence or word: its punctuation and closing emphasis marks.
const LEADING_DEBRIS = /^(?:[\s.,;:!?\u2026)\]"'\u2019\u201D]+|\*\*(?=\s|$)|_(?=\s|$))+/u;

const moreLines = new Map<Language, string>();

/** The "Reply MORE" line, read from formatForChannel itself so the two never drift apart. */
export const moreLine = (language: Language): string => {
  let line = moreLines.get(language);
  if (!line) {
    // Whole sentences, so the cut lands on a sentence end and the line comes back whole.
    const probe = { kind: 'smalltalk' as const, text: 'A word. '.repeat(SMS_LIMIT), citations: [], ruleIds: [] };
    line = formatForChannel(probe, 'sms', { language }).text.split('\n').at(-1)!;
    moreLines.set(language, line);
  }
  return line;
};

/**
 * Is this line the "Reply MORE" line? A word cut can push a page two characters past 320, and
 * formatForChannel's final slice then clips the end of that line, so a clipped copy counts too.
 */
export const isMoreLine = (line: string, language: Language): boolean => {
  const more = moreLine(language);
  return line === more || (line.length >= more.length - 2 && more.startsWith(line));
};

/** A page without its "Reply MORE" line, for when every page goes out at once. */
export const withoutMoreLine = (page: string, language: Language): string =>
  page.split('\n').filter((line) => !isMoreLine(line, language)).join('\n');

const wordsOf = (text: string) => [...text.matchAll(WORD)].map((m) => ({ word: m[0], end: m.index + m[0].length }));

const findRun = (have: string[], wanted: string[]): number => {
  for (let i = 0; i + wanted.length <= have.length; i++) {
    if (wanted.every((w, j) => have[i + j] === w)) return i;
  }
  return -1;
};

/**
 * The markdown that follows `sent` (a plain-text page body) in `markdown`, found by matching
 * words, which survive formatForChannel's clean-up unchanged. Undefined when it cannot be placed.
 */
const markdownAfter = (markdown: string, sent: string): string | undefined => {
  const wanted = wordsOf(sent).map((w) => w.word);
  if (wanted.length === 0) return undefined;
  const headings = [...markdown.matchAll(HEADING_LINE)].map((m) => [m.index, m.index + m[0].length] as const);
  const all = wordsOf(markdown);
  const withoutHeadings = all.filter((w) => !headings.some(([start, end]) => w.end > start && w.end <= end));
  for (const have of [all, withoutHeadings]) {
    const start = findRun(have.map((w) => w.word), wanted);
    if (start >= 0) return markdown.slice(have[start + wanted.length - 1]!.end).replace(LEADING_DEBRIS, '');
  }
  return undefined;
};

/**
 * Splits a reply into SMS pages of at most 320 characters. Page 1 is exactly what
 * formatForChannel gives (the bot sends that); every page but the last ends with the
 * "Reply MORE" line. One page when nothing was cut, or when the cut cannot be placed.
 */
export const smsPages = (reply: Reply, language: Language = 'en'): string[] => {
  const pages: string[] = [];
  let current: Reply = reply;
  while (pages.length < MAX_PAGES) {
    const page = formatForChannel(current, 'sms', { language }).text;
    pages.push(page);
    const lines = page.split('\n');
    const at = lines.map((line) => isMoreLine(line, language)).lastIndexOf(true);
    if (at < 0) break;
    const sent = lines.slice(0, at).join('\n');
    const rest = markdownAfter(current.text, sent);
    if (!rest || rest.length >= current.text.length) break;
    // Only the first page carries the source link; later pages are the text alone.
    current = { kind: 'smalltalk', text: sent.endsWith('...') ? `...${rest}` : rest, citations: [], ruleIds: [] };
  }
  return pages;
};
