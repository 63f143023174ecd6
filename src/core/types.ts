/** The reply kinds of design.md, in the order a turn checks them. */
export const REPLY_KINDS = ['crisis', 'emergency', 'dosing', 'smalltalk', 'answer', 'no_answer'] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

export type Channel = 'webchat' | 'msteams' | 'sms';
export type Language = 'en' | 'es';

export interface Citation {
  /** The knowledge article the cited passage came from. */
  id: string;
  /** The source's title, as the article lists it. */
  title: string;
  /** Always https. */
  url: string;
}

/** What the core returns for one message; channel code only reshapes it. */
export interface Reply {
  kind: ReplyKind;
  text: string;
  citations: Citation[];
  ruleIds: string[];
}

export interface TurnInput {
  text: string;
  channel: Channel;
  /** BCP 47 tag from the channel or the user, e.g. en-US, es, en-GB. */
  locale?: string;
}

/**
 * Per-conversation state the core reads and returns. Tiny on purpose: it is stored
 * by the bot layer (memory or blob storage) and must survive a restart.
 */
export interface SessionState {
  /** Sticky: once a crisis or emergency reply went out, resources stay visible. */
  crisis: boolean;
  language?: Language;
  /** Helpline region the person named ("I'm in the UK"); overrides the channel locale. */
  region?: string;
  disclaimerShown: boolean;
  lastCitations: string[];
  /** Risk signals seen so far (never the text): risk that builds across turns escalates. */
  signals?: string[];
}

export const newSession = (): SessionState => ({ crisis: false, disclaimerShown: false, lastCitations: [] });
