import type { Channel } from '../core/types.js';

export interface AskArgs {
  json: boolean;
  channel: Channel;
  locale?: string;
  session: boolean;
  question?: string;
}

const CHANNELS: Channel[] = ['webchat', 'msteams', 'sms'];

/** Parses `npm run ask` flags; throws a readable message on anything unknown. */
export const parseAskArgs = (argv: string[]): AskArgs => {
  const args: AskArgs = { json: false, channel: 'webchat', session: false };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--json') args.json = true;
    else if (a === '--session') args.session = true;
    else if (a.startsWith('--channel')) {
      const v = value() as Channel;
      if (!CHANNELS.includes(v)) throw new Error(`--channel must be one of ${CHANNELS.join(', ')}`);
      args.channel = v;
    } else if (a.startsWith('--locale')) args.locale = value();
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else words.push(a);
  }
  if (words.length > 0) args.question = words.join(' ');
  return args;
};
