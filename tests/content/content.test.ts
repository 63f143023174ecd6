import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helplineVars, loadHelplines } from '../../src/answer/helplines.js';
import { LANGUAGES, loadResponses, RESPONSE_NAMES } from '../../src/answer/responses.js';
import { loadArticles } from '../../src/retrieval/knowledge.js';
import { findDoseLeaks } from '../../src/safety/dose-scrub.js';

const articles = loadArticles('knowledge/articles');
const helplines = loadHelplines('knowledge/helplines.json');
const responses = loadResponses('prompts/responses');

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));

describe('knowledge articles', () => {
  it('has at least thirty, in English and Spanish', () => {
    expect(articles.length).toBeGreaterThanOrEqual(30);
    expect(articles.some((a) => a.locale === 'es')).toBe(true);
  });
  it.each(articles.map((a) => [a.id, a] as const))('%s has complete front matter and https sources', (_id, a) => {
    expect(a.title.length).toBeGreaterThan(3);
    expect(a.reviewed_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(a.sources.length).toBeGreaterThan(0);
    for (const s of a.sources) expect(s.url).toMatch(/^https:\/\//);
    expect(a.sections.length).toBeGreaterThanOrEqual(2);
  });
  it('never cites sources the research rejected', () => {
    const text = articles.flatMap((a) => a.sources.map((s) => s.url)).join('\n');
    expect(text).not.toMatch(/medlineplus|klonopinrehab|benzobuddies|droracle/i);
  });
});

describe('no dose numbers anywhere in knowledge/ or prompts/', () => {
  const files = [...filesUnder('knowledge'), ...filesUnder('prompts')].filter((f) => /\.(md|json)$/.test(f));
  it.each(files)('%s', (file) => {
    expect(findDoseLeaks(readFileSync(file, 'utf8'))).toEqual([]);
  });
});

describe('helplines', () => {
  it.each(helplines.map((h) => [h.id, h] as const))('%s is sourced and dated', (_id, h) => {
    expect(h.source_url).toMatch(/^https:\/\//);
    expect(h.verified_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
  it('does not list the ended 988 press-3 line', () => {
    expect(JSON.stringify(helplines)).not.toMatch(/press 3|LGBTQ/i);
  });
  it('covers every region in the research with a crisis and an emergency line', () => {
    for (const region of ['US', 'GB', 'IE', 'AU', 'NZ', 'IN', 'INTL']) {
      expect(helplines.some((h) => h.region === region && h.role === 'crisis'), region).toBe(true);
      expect(helplines.some((h) => h.region === region && h.role === 'emergency'), region).toBe(true);
    }
  });
});

describe('reviewed responses', () => {
  const combos = RESPONSE_NAMES.flatMap((name) => LANGUAGES.flatMap((lang) => (['webchat', 'sms'] as const).map((ch) => [name, lang, ch] as const)));
  it.each(combos)('%s (%s, %s) renders with every slot filled', (name, lang, channel) => {
    const text = responses.text(name, lang, helplineVars(helplines, 'US', lang), channel);
    expect(text).not.toMatch(/\{\{|\}\}/);
    expect(text.length).toBeGreaterThan(10);
  });
  it.each(LANGUAGES)('crisis (%s) names 988 early and never the unsafe wording', (lang) => {
    for (const name of ['crisis', 'crisis-third-party', 'crisis-followup'] as const) {
      const text = responses.text(name, lang, helplineVars(helplines, 'US', lang));
      expect(text.slice(0, 300)).toContain('988');
      expect(text).not.toMatch(/commit suicide|successful suicide|failed attempt/i);
    }
  });
  it('Spanish crisis text offers AYUDA', () => {
    expect(responses.text('crisis', 'es', helplineVars(helplines, 'US', 'es'))).toContain('AYUDA');
  });
  it.each(LANGUAGES)('emergency (%s) leads with 911 and Poison Help in the US', (lang) => {
    const text = responses.text('emergency', lang, helplineVars(helplines, 'US', lang));
    expect(text.slice(0, 300)).toContain('911');
    expect(text).toContain('1-800-222-1222');
  });
  it.each(LANGUAGES)('dosing refusal (%s) says why, not to stop suddenly, and who to ask', (lang) => {
    const text = responses.text('dosing-refusal', lang, helplineVars(helplines, 'US', lang));
    expect(text).toMatch(lang === 'en' ? /prescriber|pharmacist/ : /farmac|receta/);
    expect(text).toMatch(lang === 'en' ? /don't stop or cut down suddenly/ : /de golpe/);
  });
  it('a UK reader gets Samaritans and 999', () => {
    const text = responses.text('crisis', 'en', helplineVars(helplines, 'GB', 'en'));
    expect(text).toContain('116 123');
    expect(text).toContain('999');
  });
});

describe('retrieval questions', () => {
  const dir = 'tests/cases/retrieval';
  const cases = readdirSync(dir).flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { q: string; article: string }[]);
  it('has at least 120 questions, each naming a real article', () => {
    expect(cases.length).toBeGreaterThanOrEqual(120);
    const ids = new Set(articles.map((a) => a.id));
    for (const c of cases) expect(ids.has(c.article), c.article).toBe(true);
  });
  it('reaches every article at least once', () => {
    const reached = new Set(cases.map((c) => c.article));
    expect(articles.filter((a) => !reached.has(a.id)).map((a) => a.id)).toEqual([]);
  });
});
