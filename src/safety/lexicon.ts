import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** One reviewed lexicon row: `pattern`, or `all` (every pattern must match). */
export interface LexiconRow {
  id: string;
  category: string;
  kind?: string;
  reply?: string;
  pattern?: string;
  all?: string[];
}

export interface CompiledRow extends LexiconRow {
  test: (text: string) => boolean;
  /** Global regexes, used by masks to cut their matches out. */
  regexes: RegExp[];
}

const LEXICON_DIR = new URL('./lexicon/', import.meta.url);

/** Reads a data file from src/safety/lexicon/ (YAML, or JSON, which YAML also reads). */
export const readLexiconData = (name: string): unknown => {
  try {
    return parse(readFileSync(new URL(name, LEXICON_DIR), 'utf8'));
  } catch (cause) {
    throw new Error(`[lexicon] cannot read src/safety/lexicon/${name}: missing or not valid YAML`, { cause });
  }
};

const macros = readLexiconData('macros.yaml') as Record<string, string>;

/** Expands {NAME} macros (which may use each other) into one regex source. */
export const expandMacros = (source: string, depth = 0): string => {
  if (depth > 5) throw new Error(`[lexicon] macros nest too deeply in: ${source.slice(0, 60)}`);
  const expanded = source.replace(/\{([A-Z_0-9]+)\}/g, (whole, name: string) => {
    const body = macros[name];
    if (body === undefined) throw new Error(`[lexicon] unknown macro {${name}}`);
    return body;
  });
  return expanded === source ? expanded : expandMacros(expanded, depth + 1);
};

const compile = (row: LexiconRow, file: string): CompiledRow => {
  const sources = row.all ?? (row.pattern === undefined ? [] : [row.pattern]);
  if (!row.id || !row.category || sources.length === 0) {
    throw new Error(`[lexicon] ${file}: row ${row.id ?? '(no id)'} needs id, category and pattern or all`);
  }
  let regexes: RegExp[];
  try {
    regexes = sources.map((s) => new RegExp(expandMacros(s), 'g'));
  } catch (cause) {
    throw new Error(`[lexicon] ${file}: row ${row.id} has an invalid pattern`, { cause });
  }
  const test = (text: string) =>
    regexes.every((re) => {
      re.lastIndex = 0;
      return re.test(text);
    });
  return { ...row, test, regexes };
};

/** Loads and compiles one lexicon file from src/safety/lexicon/. Throws, naming the file, on any bad row. */
export const loadLexicon = (file: string): CompiledRow[] => {
  const rows = readLexiconData(file);
  if (!Array.isArray(rows)) throw new Error(`[lexicon] ${file} must be a list of rows`);
  return rows.map((row) => compile(row as LexiconRow, file));
};

/** Cuts every mask match out of the text (leaving a barrier so words on either side never join). */
export const applyMasks = (text: string, masks: CompiledRow[]): { text: string; hits: string[] } => {
  let out = text;
  const hits: string[] = [];
  for (const mask of masks) {
    for (const re of mask.regexes) {
      re.lastIndex = 0;
      if (re.test(out)) {
        hits.push(mask.id);
        re.lastIndex = 0;
        out = out.replace(re, ' | ');
      }
    }
  }
  return { text: out, hits };
};
