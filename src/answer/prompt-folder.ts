import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const PromptConfigSchema = z
  .object({
    description: z.string().optional(),
    /** Sampling temperature; low keeps the wording close to the passages. */
    temperature: z.number().min(0).max(2),
    /** How many of the best passages the model sees. */
    maxPassages: z.number().int().min(1).max(10),
    /** Token budget for the model's reply. */
    maxTokens: z.number().int().min(16).max(4096),
    /** Time budget for one phrasing call; past it the extractive answer goes out. */
    timeoutMs: z.number().int().min(50).max(60_000),
    /** Share of a sentence's content words that must appear in the passages (0..1). */
    minSupport: z.number().min(0).max(1),
  })
  .strict();

export type PromptConfig = z.infer<typeof PromptConfigSchema>;

/** The slots a template may use; anything else is a typo that would fail mid-conversation. */
export const PROMPT_VARIABLES = ['question', 'passages'] as const;

/** A prompt as reviewable content: settings in config.json, wording in template.md. */
export interface PromptFolder {
  dir: string;
  config: PromptConfig;
  /** The `## System` part of template.md, with {{slots}} unfilled. */
  system: string;
  /** The `## User` part of template.md, with {{slots}} unfilled. */
  user: string;
}

const fail = (file: string, why: string): never => {
  throw new Error(`[prompts] ${file}: ${why}`);
};

const readRequired = (file: string): string => {
  if (!existsSync(file)) fail(file, 'is missing');
  return readFileSync(file, 'utf8');
};

const parseConfig = (file: string): PromptConfig => {
  const text = readRequired(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(file, `is not valid JSON (${(error as Error).message})`);
  }
  const parsed = PromptConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`);
    return fail(file, issues.join('; '));
  }
  return parsed.data;
};

const parseTemplate = (file: string): { system: string; user: string } => {
  const text = readRequired(file).replace(/\r\n/g, '\n');
  const match = /^\s*## System\s*\n([\s\S]*?)\n## User\s*\n([\s\S]*)$/.exec(text);
  if (!match) return fail(file, 'needs a "## System" section followed by a "## User" section');
  const [system, user] = [match[1]!.trim(), match[2]!.trim()];
  if (!system || !user) fail(file, 'the System and User sections must both have text');
  const used = [...text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1]!);
  const unknown = used.filter((name) => !(PROMPT_VARIABLES as readonly string[]).includes(name));
  if (unknown.length > 0) fail(file, `unknown slot(s) ${unknown.map((n) => `{{${n}}}`).join(', ')}; known: ${PROMPT_VARIABLES.join(', ')}`);
  for (const name of PROMPT_VARIABLES) if (!used.includes(name)) fail(file, `never uses {{${name}}}`);
  return { system, user };
};

/**
 * Loads a prompt folder (`config.json` + `template.md`).
 *
 * @remarks Throws at start-up, naming the missing or invalid file, so a broken prompt never
 * reaches a conversation. Returns the parsed settings and the unfilled template parts.
 */
export const loadPromptFolder = (dir: string): PromptFolder => {
  if (!existsSync(dir)) fail(dir, 'prompt folder is missing');
  const config = parseConfig(join(dir, 'config.json'));
  const { system, user } = parseTemplate(join(dir, 'template.md'));
  return { dir, config, system, user };
};
