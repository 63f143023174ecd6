import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const SourceSchema = z.object({
  title: z.string().min(1),
  publisher: z.string().min(1),
  url: z.string().url().startsWith('https://', 'must be an https URL'),
  date: z.union([z.string(), z.date(), z.number()]).optional(),
});

const FrontMatterSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase kebab-case'),
  title: z.string().min(1),
  locale: z.enum(['en', 'es']),
  reviewed_on: z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
  sources: z.array(SourceSchema).min(1),
});

export type Source = z.infer<typeof SourceSchema>;
export type ArticleMeta = z.infer<typeof FrontMatterSchema>;

export interface Section {
  heading: string;
  text: string;
}

export interface Article extends ArticleMeta {
  sections: Section[];
}

/** One retrievable passage: a `##` section, titled "Article - Section". */
export interface Chunk {
  id: string;
  articleId: string;
  locale: 'en' | 'es';
  title: string;
  heading: string;
  text: string;
}

const splitSections = (title: string, body: string): Section[] => {
  const sections: Section[] = [];
  let heading = title;
  let lines: string[] = [];
  const flush = () => {
    const text = lines.join('\n').trim();
    if (text) sections.push({ heading, text });
  };
  for (const line of body.split('\n')) {
    if (/^#\s/.test(line)) continue;
    const h2 = /^##\s+(.+?)\s*$/.exec(line);
    if (h2) {
      flush();
      heading = h2[1]!;
      lines = [];
    } else {
      lines.push(line);
    }
  }
  flush();
  return sections;
};

/** Parses one article file; errors name the file and the field. */
export const parseArticle = (file: string, content: string): Article => {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(content.replace(/\r\n/g, '\n'));
  if (!match) throw new Error(`[knowledge] ${file}: no front matter between --- lines`);
  const parsed = FrontMatterSchema.safeParse(parse(match[1]!));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`[knowledge] ${file}: ${issue.path.join('.') || 'front matter'}: ${issue.message}`);
  }
  const sections = splitSections(parsed.data.title, match[2]!);
  if (sections.length === 0) throw new Error(`[knowledge] ${file}: no text`);
  return { ...parsed.data, sections };
};

export const loadArticles = (dir: string): Article[] => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
  if (files.length === 0) throw new Error(`[knowledge] ${dir} has no articles`);
  return files.map((f) => {
    const article = parseArticle(f, readFileSync(join(dir, f), 'utf8'));
    if (`${article.id}.md` !== f) throw new Error(`[knowledge] ${f}: id ${article.id} does not match the file name`);
    return article;
  });
};

const slug = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export const toChunks = (articles: Article[]): Chunk[] =>
  articles.flatMap((a) =>
    a.sections.map((s, i) => ({
      id: `${a.id}#${i === 0 && s.heading === a.title ? 'intro' : slug(s.heading)}`,
      articleId: a.id,
      locale: a.locale,
      title: s.heading === a.title ? a.title : `${a.title} - ${s.heading}`,
      heading: s.heading,
      text: s.text,
    })),
  );
