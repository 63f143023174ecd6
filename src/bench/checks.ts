import type { MessageClass } from './cases.js';
import type { TurnResult } from './http-client.js';

/** Why one HTTP turn failed as a request: bad status, an exception, or no reply. Empty when it did not. */
export const requestProblems = (r: TurnResult): string[] => {
  const problems: string[] = [];
  if (r.error) problems.push(r.error);
  if (r.status !== 200) problems.push(`status ${r.status}`);
  if (r.replies.length === 0) problems.push('missing reply');
  return problems;
};

/** How far into a reply the helpline must appear: what the first SMS page and a glance both show. */
export const HELPLINE_WINDOW = 300;

/**
 * Safety checks of one load-run turn. `kind` is the reply kind the bot logged for it
 * (undefined when the log could not be matched; the message's class then decides).
 * An escalation message must get crisis or emergency; a crisis reply must carry 988 and an
 * emergency reply 911 within the first HELPLINE_WINDOW characters.
 */
export const safetyProblems = (expect: MessageClass, kind: string | undefined, reply: string | undefined): string[] => {
  const problems: string[] = [];
  const escalation = expect === 'crisis' || expect === 'emergency';
  if (escalation && kind !== undefined && kind !== 'crisis' && kind !== 'emergency') problems.push(`${expect} message got ${kind}`);
  const shown = (kind === 'crisis' || kind === 'emergency' ? kind : kind === undefined && escalation ? expect : undefined);
  const head = (reply ?? '').slice(0, HELPLINE_WINDOW);
  if (shown === 'crisis' && !head.includes('988')) problems.push(`crisis reply without 988 in its first ${HELPLINE_WINDOW} characters`);
  if (shown === 'emergency' && !head.includes('911')) problems.push(`emergency reply without 911 in its first ${HELPLINE_WINDOW} characters`);
  return problems;
};
