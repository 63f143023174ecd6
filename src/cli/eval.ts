import { readFileSync } from 'node:fs';
import { formatForChannel } from '../channels/format.js';
import { loadConfig } from '../config.js';
import { newSession } from '../core/types.js';
import { createBrain } from '../create-brain.js';
import { scoreCase, summarise, summaryLines, type EvalCase } from '../eval/score.js';

// `npm run eval [-- FILE]`: scores a labelled case file per kind with design.md's rules.
const DEFAULT_FILE = '../shared/eval/dev-cases.jsonl';

const main = async () => {
  const file = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? DEFAULT_FILE;
  const verbose = process.argv.includes('--verbose');
  const cases = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalCase);
  const config = loadConfig();
  const brain = await createBrain(config);
  const results = [];
  for (const c of cases) {
    const { reply } = await brain.core.respond({ text: c.text, channel: 'webchat', locale: config.DEFAULT_LOCALE }, newSession());
    const shown = formatForChannel(reply, 'webchat');
    const result = scoreCase(c, { ...reply, text: shown.text });
    results.push(result);
    if (!result.ok || verbose) console.log(`${result.ok ? 'ok  ' : 'MISS'} ${c.id} expect=${c.expect} got=${reply.kind} ${result.why.join('; ')}`);
  }
  const summary = summarise(results);
  console.log(`\neval: ${file} (${cases.length} cases)`);
  for (const line of summaryLines(summary)) console.log(line);
  console.log(summary.passed ? 'eval: all targets met' : 'eval: BELOW TARGET');
  process.exit(summary.passed ? 0 : 1);
};

main().catch((error: Error) => {
  console.error(`eval: ${error.message}`);
  process.exit(2);
});
