import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Language } from '../core/types.js';

const HelplineSchema = z.object({
  id: z.string().min(1),
  region: z.string().min(2),
  role: z.enum(['crisis', 'emergency', 'poison', 'general']),
  name: z.string().min(1),
  contact: z.string().min(1),
  hours: z.string().min(1),
  languages: z.array(z.string()).min(1),
  text: z.object({ en: z.string().min(1), es: z.string().optional() }),
  source_url: z.string().url().startsWith('https://'),
  verified_on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  note: z.string().optional(),
});
export type Helpline = z.infer<typeof HelplineSchema>;

export const loadHelplines = (path: string): Helpline[] => {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new Error(`[helplines] cannot read ${path}`, { cause });
  }
  const parsed = z.array(HelplineSchema).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`[helplines] ${path}: entry ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
};

const REGION_BY_COUNTRY: Record<string, string> = { US: 'US', CA: 'CA', GB: 'GB', UK: 'GB', IE: 'IE', AU: 'AU', NZ: 'NZ', IN: 'IN' };

/** en-GB → GB; a bare language (en, es) or an unknown country falls back to US or INTL. */
export const regionForLocale = (locale: string | undefined): string => {
  const country = locale?.split(/[-_]/)[1]?.toUpperCase();
  if (!country) return 'US';
  return REGION_BY_COUNTRY[country] ?? 'INTL';
};

/** The template slots that carry helpline numbers, for one region and language. */
export const helplineVars = (lines: Helpline[], region: string, language: Language): Record<string, string> => {
  const say = (h: Helpline) => (language === 'es' ? h.text.es ?? h.text.en : h.text.en);
  const pick = (role: Helpline['role']) => {
    const own = lines.filter((h) => h.region === region && h.role === role);
    return own.length > 0 ? own : lines.filter((h) => h.region === 'INTL' && h.role === role);
  };
  // A line that cannot be described in the reader's language is left out when others can.
  const inLanguage = (hs: Helpline[]) => {
    const own = hs.filter((h) => language === 'en' || h.text[language] !== undefined);
    return own.length > 0 ? own : hs;
  };
  const crisis = inLanguage(pick('crisis'));
  const emergency = pick('emergency')[0];
  if (crisis.length === 0 || !emergency) throw new Error(`[helplines] region ${region} has no crisis or emergency line`);
  return {
    crisis_lines: crisis.map((h) => `- ${say(h)}`).join('\n'),
    crisis_short: say(crisis[0]!),
    crisis_contact: crisis[0]!.contact,
    emergency: say(emergency),
    emergency_number: emergency.contact,
    poison_line: pick('poison').map((h) => `- ${say(h)}`).join('\n'),
    general_line: pick('general').map(say).join(' ') || say(crisis[0]!),
  };
};
