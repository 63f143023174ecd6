import type { Channel, Citation, Language, Reply } from '../core/types.js';

/** A reply shaped for one channel: what the bot layer actually sends. */
export interface ChannelMessage {
  text: string;
  /** Markdown for webchat and Teams; plain text for SMS. */
  textFormat: 'markdown' | 'plain';
  suggestedActions: string[];
}

export const SMS_LIMIT = 320;
export const TEAMS_MAX_ACTIONS = 3;

const uniqueSources = (citations: Citation[]) => [...new Map(citations.map((c) => [c.url, c])).values()];

const toPlain = (markdown: string): string =>
  markdown
    .replace(/\[([^\]]+)\]\((https?:[^)]+)\)/g, '$1 $2')
    .replace(/^#+\s*/gm, '')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[^*])\*([^*\n]+)\*/g, '$1$2')
    .replace(/_([^_\n]+)_/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^\s*[-*]\s+/gm, '- ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

/** Cuts at a sentence end (or word) so the text plus `suffix` fits in `limit`. */
const MORE: Record<Language, string> = { en: 'Reply MORE for the rest.', es: 'Responde MAS para seguir.' };

const fitSms = (text: string, suffix: string, limit: number, language: Language): string => {
  const whole = suffix ? `${text}\n${suffix}` : text;
  if (whole.length <= limit) return whole;
  const more = MORE[language];
  // 3 more for the '...' a mid-word cut adds.
  const room = limit - (suffix ? suffix.length + 1 : 0) - more.length - 1 - 3;
  const cut = text.slice(0, Math.max(0, room));
  const sentenceEnd = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('.\n'), cut.lastIndexOf('? '), cut.lastIndexOf('! '));
  const body = sentenceEnd > room * 0.4 ? cut.slice(0, sentenceEnd + 1) : cut.slice(0, cut.lastIndexOf(' ')).trimEnd() + '...';
  return [body, more, suffix].filter(Boolean).join('\n');
};

const sourcesMarkdown = (citations: Citation[]) =>
  citations.length === 0 ? '' : `\n\n**Sources:**\n${uniqueSources(citations).map((c) => `- [${c.title}](${c.url})`).join('\n')}`;

/**
 * Shapes one core Reply for a channel. Webchat gets Markdown with linked sources; Teams the
 * Markdown subset it renders (no headers or tables) and at most three suggested actions;
 * SMS plain text of at most 320 characters with one short source link.
 */
export const formatForChannel = (
  reply: Reply,
  channel: Channel,
  options: { language?: Language; suggestions?: string[] } = {},
): ChannelMessage => {
  const suggestions = options.suggestions ?? [];
  if (channel === 'sms') {
    // Only answers carry a source link on SMS: refusals and escalations need every character.
    const first = reply.kind === 'answer' ? uniqueSources(reply.citations)[0] : undefined;
    const source = first ? `Source: ${first.title.slice(0, 60)} ${first.url}` : '';
    // An escalation keeps its whole short text: the helpline must never be the part that is cut.
    // A text message has no room for the section heading; the answer itself comes first.
    const plain = toPlain(reply.text.replace(/^\*\*[^*\n]+\*\*\n+/m, ''));
    const text = fitSms(plain, source.length < 160 ? source : first ? first.url : '', SMS_LIMIT, options.language ?? 'en');
    return { text: text.slice(0, SMS_LIMIT), textFormat: 'plain', suggestedActions: [] };
  }
  const text = `${reply.text}${sourcesMarkdown(reply.citations)}`;
  if (channel === 'msteams') {
    return {
      text: text.replace(/^#+\s*/gm, '').replace(/^\|.*\|$/gm, ''),
      textFormat: 'markdown',
      suggestedActions: suggestions.slice(0, TEAMS_MAX_ACTIONS),
    };
  }
  return { text, textFormat: 'markdown', suggestedActions: suggestions };
};
