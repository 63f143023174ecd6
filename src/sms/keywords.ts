/** What a one-word SMS means to the carrier rules and to paging. */
export type SmsKeyword = 'stop' | 'start' | 'help' | 'more';

// Twilio's default opt-out, opt-in and help words, plus MORE (and the Spanish MAS the formatter offers).
const KEYWORDS = new Map<string, SmsKeyword>([
  ...['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'].map((w) => [w, 'stop'] as const),
  ...['START', 'UNSTOP'].map((w) => [w, 'start'] as const),
  ...['HELP', 'INFO'].map((w) => [w, 'help'] as const),
  ...['MORE', 'MAS'].map((w) => [w, 'more'] as const),
]);

/**
 * The keyword a whole message is, or undefined. Only a single word counts (any case, accents
 * and surrounding punctuation ignored): "stop." is STOP, "stop it" is a message.
 */
export const smsKeyword = (body: string): SmsKeyword | undefined => {
  const word = body
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '')
    .toUpperCase();
  return /^[A-Z]+$/.test(word) ? KEYWORDS.get(word) : undefined;
};
