import { readFileSync } from 'node:fs';
import type { EvalCase } from '../eval/score.js';

/** What a load-run message is, by the kind the core gave it in a fresh conversation. */
export type MessageClass = 'answer' | 'dosing' | 'crisis' | 'emergency';

/** Dev-set texts sorted by what the core did with them in a fresh conversation. */
export interface CasePools {
  /** Dev questions labelled answer (whatever kind they get): the embedding-bound turns. */
  answer: string[];
  /** Texts the core turned into dosing, crisis or emergency without embedding anything. */
  dosing: string[];
  crisis: string[];
  emergency: string[];
}

export const readCases = (file: string): EvalCase[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalCase);

/** One planned turn of the load run. */
export interface PlannedTurn {
  text: string;
  expect: MessageClass;
}

/** 60% answers, 20% dosing, 10% crisis, 10% emergency: escalations are rare but never skipped. */
export const LOAD_MIX: readonly MessageClass[] = ['answer', 'dosing', 'answer', 'crisis', 'answer', 'dosing', 'answer', 'emergency', 'answer', 'answer'];

/**
 * A fixed, repeatable load: `conversations` lanes of `turns` messages. Conversation c starts
 * c places into the mix, so the lanes are not all on the same kind at once; each class's pool
 * is walked in order, wrapping around. Throws when a class the mix needs has no texts.
 */
export const planConversations = (
  pools: CasePools,
  options: { conversations: number; turns: number; mix?: readonly MessageClass[] },
): PlannedTurn[][] => {
  const mix = options.mix ?? LOAD_MIX;
  for (const cls of new Set(mix)) if (pools[cls].length === 0) throw new Error(`no ${cls} texts for the load mix`);
  const next: Record<MessageClass, number> = { answer: 0, dosing: 0, crisis: 0, emergency: 0 };
  return Array.from({ length: options.conversations }, (_, c) =>
    Array.from({ length: options.turns }, (_, t) => {
      const expect = mix[(c + t) % mix.length]!;
      const pool = pools[expect];
      return { text: pool[next[expect]++ % pool.length]!, expect };
    }),
  );
};
