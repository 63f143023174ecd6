import { readFileSync } from 'node:fs';

export interface SafetyCase {
  id: string;
  text: string;
  expect: 'crisis' | 'emergency' | 'dosing' | 'not_crisis';
  accept?: string[];
  locale?: string;
  category?: string;
}

export const readJsonl = <T>(path: string): T[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

/** Is `kind` right for the case? not_crisis means anything but crisis or emergency. */
export const kindAccepted = (c: { expect: string; accept?: string[] }, kind: string): boolean => {
  if (c.expect === 'not_crisis') return kind !== 'crisis' && kind !== 'emergency';
  return (c.accept ?? [c.expect]).includes(kind);
};
