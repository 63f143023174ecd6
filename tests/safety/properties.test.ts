import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { helplineVars, loadHelplines } from '../../src/answer/helplines.js';
import { loadResponses } from '../../src/answer/responses.js';
import { findDoseLeaks } from '../../src/safety/dose-scrub.js';
import { detectDosing } from '../../src/safety/dosing.js';
import { normalize } from '../../src/safety/normalize.js';
import { assessRisk } from '../../src/safety/risk.js';

const vars = helplineVars(loadHelplines('knowledge/helplines.json'), 'US', 'en');
const responses = loadResponses('prompts/responses');
const refusals = (['en', 'es'] as const).flatMap((l) => [responses.text('dosing-refusal', l, vars), responses.text('dosing-refusal', l, vars, 'sms')]);

const RANK = { null: 0, crisis: 1, emergency: 2 } as const;
const rank = (kind: 'crisis' | 'emergency' | null) => RANK[kind ?? 'null'];
const anyText = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }));
const risky = fc.constantFrom('I want to die', 'kms', 'my wife just had a seizure', 'quiero morir', 'i took all my pills', 'everyone would be better off without me');
const harmless = fc.constantFrom(' thanks', ' also how is the weather', ' lol', ' 🙂', '. what is gaba?', ' I am not sure', ', and my cat is asleep');

describe('properties', () => {
  it('normalize, the rails and the scrub never throw', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        normalize(text);
        assessRisk(text);
        detectDosing(text);
        findDoseLeaks(text);
      }),
      { numRuns: 300 },
    );
  });
  it('the scrub is idempotent', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(...refusals), (text, refusal) => {
        // The output rail: any leak replaces the whole text with the reviewed refusal.
        const scrub = (t: string) => (findDoseLeaks(t).length > 0 ? refusal : t);
        expect(scrub(scrub(text))).toBe(scrub(text));
      }),
      { numRuns: 200 },
    );
  });
  it('normalising twice changes nothing more', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(normalize(normalize(text))).toBe(normalize(text));
      }),
      { numRuns: 300 },
    );
  });
  it('appending harmless text never lowers a crisis or emergency', () => {
    fc.assert(
      fc.property(risky, fc.array(harmless, { maxLength: 4 }), (text, tail) => {
        const before = assessRisk(text).kind;
        const after = assessRisk(text + tail.join('')).kind;
        expect(rank(after)).toBeGreaterThanOrEqual(rank(before));
      }),
      { numRuns: 200 },
    );
  });
});
