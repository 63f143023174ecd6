import { composeAnswer, articleCitations } from '../answer/compose.js';
import { helplineVars, regionForLocale, type Helpline } from '../answer/helplines.js';
import type { AnswerPhraser } from '../answer/phraser.js';
import type { Responses } from '../answer/responses.js';
import type { Article } from '../retrieval/knowledge.js';
import type { Retriever } from '../retrieval/retriever.js';
import { findDoseLeaks } from '../safety/dose-scrub.js';
import {
  cumulativeRiskRail,
  denialRail,
  dosingRail,
  emptyRail,
  regionRail,
  riskRail,
  smalltalkRail,
  tooLongRail,
  type RailContext,
} from './input-rails.js';
import { detectRegion } from '../safety/region.js';
import { detectSignals } from '../safety/signals.js';
import { detectLanguage } from './language.js';
import type { Rail, Turn } from './rails.js';
import type { Reply, SessionState, TurnInput } from './types.js';

export interface CoreDeps {
  responses: Responses;
  helplines: Helpline[];
  retriever: Retriever;
  articles: Article[];
  /** Article whose sources back the dosing refusal's pointer to general tapering content. */
  dosingPointerArticle: string;
  /** Extra input rails, run after the built-in crisis, denial and dosing rails. */
  extraRails?: Rail[];
  /** Optional model phrasing for answer turns; the extractive answer is the default and the fallback. */
  phraser?: AnswerPhraser;
}

export interface TurnResult {
  reply: Reply;
  session: SessionState;
}

export interface Core {
  respond(input: TurnInput, session: SessionState): Promise<TurnResult>;
}

const isEscalation = (r: Reply) => r.kind === 'crisis' || r.kind === 'emergency';

/**
 * The adapter-free brain: text in, one Reply out. Order is fixed: crisis and emergency,
 * risk built up over turns, crisis-mode denials, dosing, over-long input, a named country,
 * small talk, then retrieval and composition,
 * then output rails. The first block wins, and nothing after a crisis or emergency reply
 * may change it.
 */
export const createCore = (deps: CoreDeps): Core => {
  const { responses, helplines, retriever } = deps;
  const articles = new Map(deps.articles.map((a) => [a.id, a]));
  const pointer = articles.get(deps.dosingPointerArticle);
  if (!pointer) throw new Error(`[core] dosing pointer article ${deps.dosingPointerArticle} is missing`);

  const vars = (turn: Turn) => helplineVars(helplines, turn.region, turn.language);
  const ctx: RailContext = { responses, vars, dosingCitations: articleCitations(pointer, 2) };
  const rails: Rail[] = [
    riskRail(ctx),
    cumulativeRiskRail(ctx),
    denialRail(ctx),
    dosingRail(ctx),
    emptyRail(ctx),
    tooLongRail(ctx),
    regionRail(ctx),
    smalltalkRail(ctx),
    ...(deps.extraRails ?? []),
  ];

  const say = (turn: Turn, name: Parameters<Responses['text']>[0]) =>
    responses.text(name, turn.language, vars(turn), turn.input.channel);

  const retrieveAndCompose = async (turn: Turn, notes: string[]): Promise<Reply> => {
    const passages = await retriever.retrieve(turn.input.text, turn.language);
    const disclaimer = say(turn, 'answer-disclaimer');
    const answer = composeAnswer(passages, articles, disclaimer);
    if (!answer) {
      // Nothing to look up, but the person is struggling: meet that first, with the crisis line.
      const distressed = turn.messageSignals.includes('distress');
      return {
        kind: 'no_answer',
        text: say(turn, distressed ? 'distress' : 'no-answer'),
        citations: [],
        ruleIds: [...notes, 'retrieval.below-threshold', ...(distressed ? ['signal.distress'] : [])],
      };
    }
    const ruleIds = [...notes, `article.${answer.articleId}`];
    if (deps.phraser) {
      const phrased = await deps.phraser
        .phrase({ question: turn.input.text, language: turn.language, passages, extractive: passages[0]!.chunk.text })
        .catch(() => null);
      if (phrased) return { kind: 'answer', text: `${phrased}\n\n_${disclaimer}_`, citations: answer.citations, ruleIds: [...ruleIds, 'answer.phrased'] };
    }
    return { kind: 'answer', text: answer.text, citations: answer.citations, ruleIds };
  };

  /** Output rails: a dose number anywhere outside an escalation replaces the reply; answers need an https source. */
  const outputRails = (turn: Turn, reply: Reply): Reply => {
    if (isEscalation(reply)) return reply;
    const leaks = findDoseLeaks(reply.text);
    if (leaks.length > 0) {
      return { kind: 'dosing', text: say(turn, 'dosing-refusal'), citations: ctx.dosingCitations, ruleIds: [...reply.ruleIds, ...leaks] };
    }
    if (reply.kind === 'answer' && !reply.citations.some((c) => c.url.startsWith('https://'))) {
      return { kind: 'no_answer', text: say(turn, 'no-answer'), citations: [], ruleIds: [...reply.ruleIds, 'output.no-citation'] };
    }
    return reply;
  };

  return {
    async respond(input, session) {
      const language = detectLanguage(input.text, input.locale, session.language);
      const regionNamed = detectRegion(input.text);
      const region = regionNamed ?? session.region ?? regionForLocale(input.locale);
      const messageSignals = detectSignals(input.text);
      const signals = [...new Set([...(session.signals ?? []), ...messageSignals])];
      const turn: Turn = { input, language, region, session, signals, messageSignals, regionNamed };
      const notes: string[] = [];
      let reply: Reply | undefined;
      for (const rail of rails) {
        const verdict = rail.check(turn);
        if (verdict.action === 'block') {
          reply = verdict.reply;
          break;
        }
        notes.push(...(verdict.ruleIds ?? []));
      }
      reply = outputRails(turn, reply ?? (await retrieveAndCompose(turn, notes)));

      if (notes.some((id) => id.includes('past-ideation')) && !isEscalation(reply)) {
        // Resources first: on SMS the end of a long answer may be cut.
        reply = { ...reply, text: `${say(turn, 'past-ideation')}\n\n${reply.text}`, ruleIds: [...reply.ruleIds, ...notes.filter((n) => !reply!.ruleIds.includes(n))] };
      }
      const crisis = session.crisis || isEscalation(reply);
      if (session.crisis && !isEscalation(reply)) {
        reply = { ...reply, text: `${say(turn, 'crisis-reminder')}\n\n${reply.text}`, ruleIds: [...reply.ruleIds, 'crisis.sticky'] };
      }
      return {
        reply,
        session: {
          ...session,
          crisis,
          language,
          region: regionNamed ?? session.region,
          signals,
          lastCitations: reply.citations.map((c) => c.url),
        },
      };
    },
  };
};
