import { applyMasks, expandMacros, loadLexicon, readLexiconData } from './lexicon.js';
import { normalize } from './normalize.js';

export type RiskKind = 'crisis' | 'emergency';

export interface RiskAssessment {
  kind: RiskKind | null;
  ruleIds: string[];
  /** The message is about someone else: the caregiver wording fits better. */
  thirdParty: boolean;
  /** Safe phrases that were set aside, e.g. past ideation (worth a gentle resources line). */
  maskIds: string[];
}

const RISK_ROWS = [...loadLexicon('risk.en.yaml'), ...loadLexicon('risk.es.yaml')];
const SAFE_MASKS = [...loadLexicon('safe.en.yaml'), ...loadLexicon('safe.es.yaml')];

interface TimeContext {
  past: string;
  present: string;
  rows: string[];
}
const timeData = readLexiconData('context.yaml') as TimeContext;
const PAST = new RegExp(expandMacros(timeData.past));
const PRESENT = new RegExp(expandMacros(timeData.present));
const PAST_READABLE_ROWS = new Set(timeData.rows);

const FIRST_PERSON = /\b(?:i|im|ive|id|ill|me|myself|yo|me quiero|quiero)\b/;
const OTHER_PERSON = /\b(?:my|our|his|her|a|mi|su) (?:friend|wife|husband|partner|boyfriend|girlfriend|son|daughter|kid|child|mom|mum|mother|dad|father|brother|sister|roommate|hijo|hija|esposo|esposa|amigo|amiga|mama|papa|hermano|hermana|novio|novia|pareja)\b|\b(?:he|she|they|hes|shes|theyre)\b/;

/**
 * Crisis and emergency detection: offline, deterministic, and run on every message before
 * anything else. Safe phrases are masked first; then any risk row escalates. An emergency
 * (medical danger now) outranks crisis because the emergency reply leads with the
 * emergency number and still carries the crisis line.
 *
 * @remarks Fail-closed: a row that matches always escalates; nothing downstream can lower it.
 */
export const assessRisk = (raw: string): RiskAssessment => {
  const normalised = normalize(raw);
  const { text, hits: maskIds } = applyMasks(normalised, SAFE_MASKS);
  const matched = RISK_ROWS.filter((row) => row.test(text));
  if (matched.length === 0) return { kind: null, ruleIds: [], thirdParty: false, maskIds };
  const onlyPast =
    PAST.test(text) && !PRESENT.test(text) && matched.every((row) => PAST_READABLE_ROWS.has(row.id));
  if (onlyPast) {
    return { kind: null, ruleIds: [], thirdParty: false, maskIds: [...maskIds, 'context.past-ideation'] };
  }
  const kind: RiskKind = matched.some((row) => row.kind === 'emergency') ? 'emergency' : 'crisis';
  const thirdParty =
    matched.some((row) => row.category === 'third_party') ||
    (OTHER_PERSON.test(text) && !FIRST_PERSON.test(text));
  return { kind, ruleIds: matched.map((row) => row.id), thirdParty, maskIds };
};
