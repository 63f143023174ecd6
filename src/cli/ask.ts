import { createInterface } from 'node:readline';
import { formatForChannel } from '../channels/format.js';
import { loadConfig } from '../config.js';
import { newSession, type SessionState } from '../core/types.js';
import { createBrain } from '../create-brain.js';
import { parseAskArgs } from './args.js';

// `npm run ask -- "question"` prints a reply as a person reads it.
// `npm run ask -- --json [--channel c] [--locale l] [--session]` reads one message per line
// and prints exactly one JSON line per input line on stdout; everything else goes to stderr.
const main = async () => {
  const args = parseAskArgs(process.argv.slice(2));
  const config = loadConfig();
  const brain = await createBrain(config);
  const locale = args.locale ?? config.DEFAULT_LOCALE;
  let session: SessionState = newSession();

  const answer = async (text: string) => {
    if (!args.session) session = newSession();
    const result = await brain.core.respond({ text, channel: args.channel, locale }, session);
    session = result.session;
    const message = formatForChannel(result.reply, args.channel, { language: result.session.language });
    return { reply: result.reply, message };
  };

  if (!args.json) {
    const question = args.question ?? (await readAll()).trim();
    const { reply, message } = await answer(question);
    process.stdout.write(`${message.text}\n\n[${reply.kind}${reply.ruleIds.length ? `: ${reply.ruleIds.join(', ')}` : ''}]\n`);
    return;
  }
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    let out: object;
    try {
      const { reply, message } = await answer(line);
      out = { kind: reply.kind, text: message.text, citations: reply.citations, ruleIds: reply.ruleIds };
    } catch (error) {
      // One bad line must not shift every later answer: report it in place, on its own line.
      process.stderr.write(`ask: ${(error as Error).message}\n`);
      out = { kind: 'error', text: '', citations: [], ruleIds: ['ask.error'] };
    }
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
};

const readAll = async () => {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text;
};

main().catch((error: Error) => {
  process.stderr.write(`ask: ${error.message}\n`);
  process.exit(1);
});
