import type { Language, Reply, SessionState, TurnInput } from './types.js';

/** What the rails see: the message plus what the turn has worked out so far. */
export interface Turn {
  input: TurnInput;
  language: Language;
  region: string;
  session: SessionState;
  /** Risk signal categories from this message and every earlier one in the conversation. */
  signals: string[];
  /** Risk signal categories from this message alone. */
  messageSignals: string[];
  /** Set when this message names a country ("I'm in the UK"). */
  regionNamed?: string;
}

export type RailVerdict = { action: 'pass'; ruleIds?: string[] } | { action: 'block'; reply: Reply };

/**
 * One input check. `pass` lets the turn go on (optionally noting rule ids); `block` ends
 * the turn with the given reply, and no later rail, retrieval or model can change it.
 */
export interface Rail {
  id: string;
  check(turn: Turn): RailVerdict;
}
