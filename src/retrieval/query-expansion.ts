import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { normalize } from '../safety/normalize.js';

interface SynonymRow {
  when: string;
  add: string;
}

const rows = (parse(readFileSync(new URL('./synonyms.yaml', import.meta.url), 'utf8')) as SynonymRow[]).map((r) => ({
  re: new RegExp(r.when),
  add: r.add,
}));

/** The query plus the article words for any lay phrase it uses. */
export const expandQuery = (query: string): string => {
  const text = normalize(query);
  const extra = rows.filter((r) => r.re.test(text)).map((r) => r.add);
  return extra.length > 0 ? `${query} ${extra.join(' ')}` : query;
};
