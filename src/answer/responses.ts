import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Channel, Language } from '../core/types.js';
import { render } from './render.js';

/** The reviewed fixed replies in prompts/responses/; code refers to them only by these names. */
export const RESPONSE_NAMES = [
  'welcome', 'crisis', 'crisis-third-party', 'crisis-followup', 'crisis-reminder', 'emergency',
  'dosing-refusal', 'no-answer', 'error', 'past-ideation', 'thanks', 'help', 'about', 'answer-disclaimer',
  'region-set', 'too-long', 'rate-limited', 'distress',
] as const;
export type ResponseName = (typeof RESPONSE_NAMES)[number];
export const LANGUAGES: readonly Language[] = ['en', 'es'];

export interface Responses {
  /** Renders a reply; SMS uses the short `.sms.md` variant when one exists. */
  text(name: ResponseName, language: Language, vars: Readonly<Record<string, string>>, channel?: Channel): string;
}

/**
 * Loads every response for every language up front, so a missing file stops start-up
 * instead of surfacing in the middle of someone's crisis.
 */
export const loadResponses = (dir: string): Responses => {
  if (!existsSync(dir)) throw new Error(`[responses] folder ${dir} is missing`);
  const files = new Map<string, string>();
  for (const file of readdirSync(dir)) if (file.endsWith('.md')) files.set(file, readFileSync(join(dir, file), 'utf8').trim());
  for (const name of RESPONSE_NAMES) {
    for (const language of LANGUAGES) {
      if (!files.has(`${name}.${language}.md`)) throw new Error(`[responses] ${join(dir, `${name}.${language}.md`)} is missing`);
    }
  }
  return {
    text(name, language, vars, channel) {
      const smsFile = `${name}.${language}.sms.md`;
      const file = channel === 'sms' && files.has(smsFile) ? smsFile : `${name}.${language}.md`;
      return render(files.get(file)!, vars, file);
    },
  };
};
