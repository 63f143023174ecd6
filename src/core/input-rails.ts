import type { Responses } from '../answer/responses.js';
import { assessRisk } from '../safety/risk.js';
import { detectDosing } from '../safety/dosing.js';
import { detectSmalltalk } from '../safety/smalltalk.js';
import { signalsEscalate } from '../safety/signals.js';
import { isDenial } from './denial.js';
import type { Rail, Turn } from './rails.js';
import type { Citation, Reply } from './types.js';

export interface RailContext {
  responses: Responses;
  /** Helpline slots for the turn's region and language. */
  vars: (turn: Turn) => Record<string, string>;
  /** General tapering content the dosing refusal may point to. */
  dosingCitations: Citation[];
}

const reply = (kind: Reply['kind'], text: string, ruleIds: string[], citations: Citation[] = []): Reply => ({
  kind,
  text,
  citations,
  ruleIds,
});

/**
 * Crisis and emergency: the first rail of every turn, built in here rather than taken from
 * config, so nothing can remove or reorder it.
 */
export const riskRail = (ctx: RailContext): Rail => ({
  id: 'risk',
  check(turn) {
    const risk = assessRisk(turn.input.text);
    if (!risk.kind) return { action: 'pass', ruleIds: risk.maskIds.filter((id) => id.includes('past-ideation')) };
    const name = risk.kind === 'emergency' ? 'emergency' : risk.thirdParty ? 'crisis-third-party' : 'crisis';
    const text = ctx.responses.text(name, turn.language, ctx.vars(turn), turn.input.channel);
    return { action: 'block', reply: reply(risk.kind, text, risk.ruleIds) };
  },
});

/** Means to act plus distress, spread over several messages: crisis on the combination. */
export const cumulativeRiskRail = (ctx: RailContext): Rail => ({
  id: 'cumulative-risk',
  check(turn) {
    if (!signalsEscalate(turn.signals)) return { action: 'pass' };
    const text = ctx.responses.text('crisis', turn.language, ctx.vars(turn), turn.input.channel);
    return { action: 'block', reply: reply('crisis', text, ['crisis.cumulative']) };
  },
});

/** An empty message (or only spaces): say what the bot can do instead of searching for nothing. */
export const emptyRail = (ctx: RailContext): Rail => ({
  id: 'empty',
  check(turn) {
    if (turn.input.text.trim() !== '') return { action: 'pass' };
    const text = ctx.responses.text('help', turn.language, ctx.vars(turn), turn.input.channel);
    return { action: 'block', reply: reply('smalltalk', text, ['input.empty']) };
  },
});

/** Very long messages: risk was already checked on all of it; ask for a shorter question. */
export const MAX_INPUT_CHARS = 2000;
export const tooLongRail = (ctx: RailContext): Rail => ({
  id: 'too-long',
  check(turn) {
    if (turn.input.text.length <= MAX_INPUT_CHARS) return { action: 'pass' };
    const text = ctx.responses.text('too-long', turn.language, ctx.vars(turn), turn.input.channel);
    return { action: 'block', reply: reply('no_answer', text, ['input.too-long']) };
  },
});

/** A short message that only names a country: confirm and show that country's lines. */
export const regionRail = (ctx: RailContext): Rail => ({
  id: 'region',
  check(turn) {
    if (!turn.regionNamed || turn.input.text.split(/\s+/).length > 10) return { action: 'pass' };
    const text = ctx.responses.text('region-set', turn.language, ctx.vars(turn), turn.input.channel);
    return { action: 'block', reply: reply('smalltalk', text, [`region.${turn.regionNamed.toLowerCase()}`]) };
  },
});

/** "jk", "never mind" after a crisis reply: stay in crisis mode, gently. */
export const denialRail = (ctx: RailContext): Rail => ({
  id: 'crisis-denial',
  check(turn) {
    if (!turn.session.crisis || !isDenial(turn.input.text)) return { action: 'pass' };
    const text = ctx.responses.text('crisis-followup', turn.language, ctx.vars(turn), turn.input.channel);
    return { action: 'block', reply: reply('crisis', text, ['crisis.sticky-denial']) };
  },
});

export const dosingRail = (ctx: RailContext): Rail => ({
  id: 'dosing',
  check(turn) {
    const ruleIds = detectDosing(turn.input.text);
    if (ruleIds.length === 0) return { action: 'pass' };
    const text = ctx.responses.text('dosing-refusal', turn.language, ctx.vars(turn), turn.input.channel);
    return { action: 'block', reply: reply('dosing', text, ruleIds, ctx.dosingCitations) };
  },
});

export const smalltalkRail = (ctx: RailContext): Rail => ({
  id: 'smalltalk',
  check(turn) {
    const match = detectSmalltalk(turn.input.text);
    if (!match) return { action: 'pass' };
    const name = match.reply as Parameters<Responses['text']>[0];
    const text = ctx.responses.text(name, turn.language, ctx.vars(turn), turn.input.channel);
    return { action: 'block', reply: reply('smalltalk', text, [match.ruleId]) };
  },
});
