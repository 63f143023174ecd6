import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { readCases, planConversations, type CasePools } from '../bench/cases.js';
import { requestProblems, safetyProblems } from '../bench/checks.js';
import { startClientThread, type ClientThread } from '../bench/client-thread.js';
import { measureColdStart } from '../bench/cold-start.js';
import { countEmbedCalls } from '../bench/embed-counter.js';
import { messageActivity } from '../bench/activity.js';
import type { TurnResult } from '../bench/http-client.js';
import { formatHeadline, formatLatencyRow, kbToMb } from '../bench/report.js';
import { startBotServer, startEchoServer } from '../bench/servers.js';
import { groupBy, median, perSecond, ratio, summarize } from '../bench/stats.js';
import { loadConfig } from '../config.js';
import { createBrain, type Brain } from '../create-brain.js';
import { newSession, REPLY_KINDS } from '../core/types.js';
import { createLogger } from '../logger.js';
import { SentenceEncoderEmbeddings } from '../retrieval/embeddings.js';
import { expandQuery } from '../retrieval/query-expansion.js';

// `npm run bench [-- FILE]`: latency, throughput ratios, cold start, index build and a safety-checked
// load run, side by side in one process, so a noisy machine shifts every figure alike.
const DEFAULT_FILE = '../shared/eval/dev-cases.jsonl';
const OFFLINE_PASSES = 5;
const CEILING_ROUNDS = 8;
// The encoder and the JIT take a few passes to settle; earlier rounds read up to 1.7x off.
const WARMUP_PASSES = 3;
// Cheap turns get more requests so each block lasts long enough (~0.3 s and up) for a GC pause not to swing it.
const HTTP = { requests: { echo: 2000, safety: 2000, answer: 400 }, blocks: 5, warmup: 80, concurrency: 8 };
const LOAD = { conversations: 50, turns: 20 };
const GOALS = { answerPerEmbed: 0.7, safetyPerEcho: 0.5 };

const ms = (from: number) => performance.now() - from;
const say = (line = '') => process.stdout.write(`${line}\n`);
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const goal = (value: number, min: number) => (value >= min ? `(goal >= ${min}: met)` : `(goal >= ${min}: BELOW GOAL)`);
const machine = () =>
  `machine: ${cpus().length} cpus (${cpus()[0]?.model.trim() ?? 'unknown'}), ${fmt(totalmem() / 2 ** 30)} GiB RAM, ` +
  `${fmt(freemem() / 2 ** 30)} GiB free, node ${process.version}, load avg ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;

const respond = (brain: Brain, text: string) => brain.core.respond({ text, channel: 'webchat', locale: 'en-US' }, newSession());

/** Sorts the dev set into pools; safety texts must reach no encoder call, or they would not be "safety-only". */
const classify = async (brain: Brain, file: string): Promise<{ pools: CasePools; texts: string[]; embedded: number }> => {
  const cases = readCases(file);
  const pools: CasePools = { answer: cases.filter((c) => c.expect === 'answer').map((c) => c.text), dosing: [], crisis: [], emergency: [] };
  const counter = countEmbedCalls();
  let embedded = 0;
  try {
    for (const c of cases) {
      const before = counter.calls();
      const { reply } = await respond(brain, c.text);
      const reachedEncoder = counter.calls() > before;
      if (reachedEncoder) embedded++;
      if (!reachedEncoder && (reply.kind === 'dosing' || reply.kind === 'crisis' || reply.kind === 'emergency')) pools[reply.kind].push(c.text);
    }
  } finally {
    counter.restore();
  }
  return { pools, texts: cases.map((c) => c.text), embedded };
};

const offlineLatency = async (brain: Brain, texts: string[]) => {
  for (const t of texts) await respond(brain, t);
  const samples: { kind: string; ms: number }[] = [];
  for (let pass = 0; pass < OFFLINE_PASSES; pass++) {
    for (const t of texts) {
      const started = performance.now();
      const { reply } = await respond(brain, t);
      samples.push({ kind: reply.kind, ms: ms(started) });
    }
  }
  say(`offline core turns: ${texts.length} dev cases x ${OFFLINE_PASSES} passes (after one warm-up pass), fresh session each`);
  const byKind = groupBy(samples, (s) => s.kind);
  for (const kind of REPLY_KINDS) {
    const group = byKind.get(kind);
    if (group) say(formatLatencyRow(kind, summarize(group.map((s) => s.ms))));
  }
  const all = summarize(samples.map((s) => s.ms));
  say(formatLatencyRow('all', all));
  return all;
};

/** Embedding alone vs the whole core on the same questions, interleaved round by round so drift hits both. */
const embeddingCeiling = async (brain: Brain, questions: string[]) => {
  const embeddings = new SentenceEncoderEmbeddings();
  const expanded = questions.map(expandQuery);
  const timeEmbed = async (texts: string[]) => {
    const started = performance.now();
    for (const t of texts) await embeddings.embedQuery(t);
    return ms(started);
  };
  const kinds = new Map<string, number>();
  const timeCore = async () => {
    const started = performance.now();
    for (const q of questions) {
      const { reply } = await respond(brain, q);
      kinds.set(reply.kind, (kinds.get(reply.kind) ?? 0) + 1);
    }
    return ms(started);
  };
  for (let pass = 0; pass < WARMUP_PASSES; pass++) {
    await timeEmbed(questions);
    await timeEmbed(expanded);
    await timeCore();
  }
  kinds.clear();
  const total = { embed: 0, expanded: 0, core: 0 };
  const perRound: number[] = [];
  for (let round = 0; round < CEILING_ROUNDS; round++) {
    const timeLast = { embed: 0, core: 0 };
    const steps = [
      async () => (total.embed += timeLast.embed = await timeEmbed(questions)),
      async () => (total.expanded += await timeEmbed(expanded)),
      async () => (total.core += timeLast.core = await timeCore()),
    ];
    for (let i = 0; i < steps.length; i++) await steps[(round + i) % steps.length]!();
    perRound.push(timeLast.embed / timeLast.core);
  }
  const n = questions.length * CEILING_ROUNDS;
  const embedRate = perSecond(n, total.embed);
  const expandedRate = perSecond(n, total.expanded);
  const answerRate = perSecond(n, total.core);
  // Each round pairs the two under the same machine load; the median drops a round another process disturbed.
  const r1 = median(perRound);
  const kindList = [...kinds].map(([k, c]) => `${k} ${c}`).join(', ');
  say(`embedding ceiling: ${questions.length} dev answer questions x ${CEILING_ROUNDS} rounds, sequential, one at a time`);
  say(`  query embeddings/s     ${fmt(embedRate)}  (${fmt(total.embed / n, 2)} ms each)`);
  say(`  expanded-query emb./s  ${fmt(expandedRate)}  (${fmt(total.expanded / n, 2)} ms each; what the retriever actually embeds)`);
  say(`  answer turns/s (core)  ${fmt(answerRate)}  (${fmt(total.core / n, 2)} ms each; kinds: ${kindList})`);
  say(`  R1 answer/embed ${fmt(r1, 2)} ${goal(r1, GOALS.answerPerEmbed)}: median of rounds ${perRound.map((r) => r.toFixed(2)).join(' ')}; pooled ${fmt(ratio(answerRate, embedRate), 2)}`);
  return { r1, answerRate };
};

type HttpKind = 'echo' | 'safety' | 'answer';

/** Safety-only and answer turns against the bot, and the same safety texts against the echo bot, in rotating blocks. */
const httpThroughput = async (
  client: ClientThread,
  urls: { bot: string; echo: string },
  pools: CasePools,
  runId: string,
  coreAnswerRate: number,
) => {
  const safetyTexts = [...pools.crisis, ...pools.emergency, ...pools.dosing];
  const targets: Record<HttpKind, { url: string; texts: string[] }> = {
    echo: { url: urls.echo, texts: safetyTexts },
    safety: { url: urls.bot, texts: safetyTexts },
    answer: { url: urls.bot, texts: pools.answer },
  };
  let seq = 0;
  const lanes = (kind: HttpKind, count: number) =>
    Array.from({ length: count }, (_, i) => {
      const id = `${runId}-${kind}-${seq++}`;
      return [messageActivity(targets[kind].texts[i % targets[kind].texts.length]!, { activityId: id, conversationId: `conv-${id}` })];
    });
  const order: HttpKind[] = ['echo', 'safety', 'answer'];
  const acc = Object.fromEntries(order.map((k) => [k, { ms: 0, n: 0, latencies: [] as number[], errors: [] as string[], blockRates: [] as number[] }])) as Record<
    HttpKind,
    { ms: number; n: number; latencies: number[]; errors: string[]; blockRates: number[] }
  >;
  for (const kind of order) await client.run(targets[kind].url, lanes(kind, HTTP.warmup), HTTP.concurrency);
  for (let block = 0; block < HTTP.blocks; block++) {
    for (let i = 0; i < order.length; i++) {
      const kind = order[(block + i) % order.length]!;
      const run = await client.run(targets[kind].url, lanes(kind, HTTP.requests[kind] / HTTP.blocks), HTTP.concurrency);
      const results = run.results.flat();
      acc[kind].ms += run.wallMs;
      acc[kind].n += results.length;
      acc[kind].blockRates.push(perSecond(results.length, run.wallMs));
      acc[kind].latencies.push(...results.map((r) => r.ms));
      acc[kind].errors.push(...results.flatMap(requestProblems));
    }
  }
  const rate = (k: HttpKind) => perSecond(acc[k].n, acc[k].ms);
  say(
    `HTTP turns over loopback: ${order.map((k) => `${HTTP.requests[k]} ${k}`).join(', ')} requests after ${HTTP.warmup} warm-up each, ` +
      `${HTTP.concurrency} concurrent, client on its own thread, ${HTTP.blocks} rotating blocks`,
  );
  const label: Record<HttpKind, string> = { echo: 'echo bot', safety: 'safety-only', answer: 'answer' };
  for (const k of order) {
    const s = summarize(acc[k].latencies);
    say(`  ${label[k].padEnd(12)} ${fmt(rate(k)).padStart(7)} turns/s  p50 ${fmt(s.p50)}  p95 ${fmt(s.p95)}  p99 ${fmt(s.p99)} ms  errors ${acc[k].errors.length}`);
  }
  // Blocks of one index ran back to back, so their ratio shares the machine's load at that moment.
  const blockRatios = acc.safety.blockRates.map((s, b) => ratio(s, acc.echo.blockRates[b]!));
  const r2 = median(blockRatios);
  say(`  R2 safety-http/echo ${fmt(r2, 2)} ${goal(r2, GOALS.safetyPerEcho)}: median of blocks ${blockRatios.map((r) => r.toFixed(2)).join(' ')}; pooled ${fmt(ratio(rate('safety'), rate('echo')), 2)}`);
  say(`  answer over HTTP ${fmt(ratio(rate('answer'), coreAnswerRate), 2)} x the sequential core answer rate (2 cores shared by server, client and encoder)`);
  const errors = order.flatMap((k) => acc[k].errors);
  if (errors.length > 0) say(`  first errors: ${[...new Set(errors)].slice(0, 5).join('; ')}`);
  return { r2, errors: errors.length };
};

interface LoggedTurn {
  event: string;
  level: string;
  kind?: string;
  conversation?: string;
}

/** 50 conversations x 20 turns at once; every reply checked, every escalation checked for its number. */
const loadRun = async (
  client: ClientThread,
  botUrl: string,
  pools: CasePools,
  runId: string,
  log: { hashId(id: string): string | undefined; lines: string[] },
) => {
  const plan = planConversations(pools, LOAD);
  const conversationIds = plan.map((_, c) => `${runId}-load-${c}`);
  const lanes = plan.map((turns, c) =>
    turns.map((t, i) => messageActivity(t.text, { activityId: `${conversationIds[c]}-${i}`, conversationId: conversationIds[c]! })),
  );
  log.lines.length = 0;
  const run = await client.run(botUrl, lanes, LOAD.conversations);
  const events = log.lines.map((l) => JSON.parse(l) as LoggedTurn);
  const turnsByConversation = groupBy(
    events.filter((e) => e.event === 'turn'),
    (e) => e.conversation ?? '',
  );
  const problems: string[] = [];
  let dosingElsewhere = 0;
  const counts = new Map<string, number>();
  plan.forEach((turns, c) => {
    const logged = turnsByConversation.get(log.hashId(conversationIds[c]!) ?? '') ?? [];
    // Turns of one conversation run in order, so its log lines line up with its requests unless one is missing.
    const aligned = logged.length === turns.length;
    if (!aligned) problems.push(`conversation ${c}: ${logged.length} turn log lines for ${turns.length} turns`);
    turns.forEach((turn, i) => {
      const result: TurnResult = run.results[c]![i]!;
      const kind = aligned ? logged[i]!.kind : undefined;
      counts.set(`${turn.expect}->${kind ?? '?'}`, (counts.get(`${turn.expect}->${kind ?? '?'}`) ?? 0) + 1);
      if (turn.expect === 'dosing' && kind !== undefined && kind !== 'dosing') dosingElsewhere++;
      problems.push(...requestProblems(result), ...safetyProblems(turn.expect, kind, result.replies[0]));
    });
  });
  const turnErrors = events.filter((e) => e.level === 'error' && e.event === 'turn_error').length;
  const otherLogged = events.filter((e) => e.level === 'error' && e.event !== 'turn_error').length;
  const all = run.results.flat();
  const s = summarize(all.map((r) => r.ms));
  say(`load run: ${LOAD.conversations} conversations x ${LOAD.turns} turns, all at once, ${all.length} turns in ${fmt(run.wallMs / 1000, 2)} s = ${fmt(perSecond(all.length, run.wallMs))} turns/s`);
  const first = summarize(run.results.map((lane) => lane[0]!.ms));
  const later = summarize(run.results.flatMap((lane) => lane.slice(1).map((r) => r.ms)));
  say(`  latency p50 ${fmt(s.p50)}  p95 ${fmt(s.p95)}  p99 ${fmt(s.p99)}  max ${fmt(s.max)} ms`);
  // Node accepts one new connection per event-loop turn (a bare node:http server does the same),
  // so a conversation's first turn, on a new connection, waits behind the busy ones.
  say(`  first turns (new connection) p50 ${fmt(first.p50)}  max ${fmt(first.max)} ms; later turns p50 ${fmt(later.p50)}  p99 ${fmt(later.p99)}  max ${fmt(later.max)} ms`);
  say(`  message class -> logged kind: ${[...counts].sort().map(([k, n]) => `${k} ${n}`).join(', ')}`);
  say(`  errors: ${problems.length} failed checks, ${turnErrors} turn_error log lines (other logged errors: ${otherLogged}); dosing messages answered as another kind: ${dosingElsewhere}`);
  if (problems.length > 0) say(`  first problems: ${[...new Set(problems)].slice(0, 5).join('; ')}`);
  return problems.length + turnErrors;
};

const main = async () => {
  const began = performance.now();
  const file = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? DEFAULT_FILE;
  const config = loadConfig();
  say(machine());

  // First, while this process is idle: the child must not share the CPU with the bench.
  const cold = await measureColdStart({ cwd: process.cwd() });
  say(
    `cold start: tsx src/index.ts to first 200 on /healthz in ${fmt(cold.seconds, 2)} s` +
      (cold.peakRssKb ? `, child peak rss ${fmt(kbToMb(cold.peakRssKb), 0)} MB` : ''),
  );
  if (cold.failure) say(`  child never became healthy:\n${cold.failure}`);

  let started = performance.now();
  // The log sink does the write a real deployment does (to /dev/null) and keeps lines for the load-run checks.
  const devNull = openSync('/dev/null', 'w');
  const capture = { on: false, lines: [] as string[] };
  const log = createLogger({
    hashKey: randomBytes(16).toString('hex'),
    write: (line) => {
      writeSync(devNull, `${line}\n`);
      if (capture.on) capture.lines.push(line);
    },
  });
  const brain = await createBrain(config);
  say(`brain ready in ${fmt(ms(started) / 1000, 2)} s (${brain.chunkCount} chunks, index ${brain.indexRebuilt ? 'rebuilt' : 'loaded'} from ${config.INDEX_DIR})`);

  const indexDir = mkdtempSync(join(tmpdir(), 'bench-index-'));
  started = performance.now();
  let indexS: number;
  try {
    const fresh = await createBrain({ ...config, INDEX_DIR: indexDir });
    indexS = ms(started) / 1000;
    say(`index build: createBrain into a fresh INDEX_DIR in ${fmt(indexS, 2)} s (${fresh.chunkCount} chunks${fresh.indexRebuilt ? '' : ', NOT rebuilt'}; encoder already loaded)`);
  } finally {
    rmSync(indexDir, { recursive: true, force: true });
  }

  const { pools, texts, embedded } = await classify(brain, file);
  say(
    `dev set ${file}: ${texts.length} cases; safety-only pool crisis ${pools.crisis.length}, emergency ${pools.emergency.length}, ` +
      `dosing ${pools.dosing.length} (no encoder call); answer questions ${pools.answer.length}; ${embedded} cases reached the encoder`,
  );
  say();
  const offline = await offlineLatency(brain, texts);
  say();
  const ceiling = await embeddingCeiling(brain, pools.answer);
  say();

  const runId = randomBytes(4).toString('hex');
  const client = startClientThread();
  const bot = await startBotServer(brain, log);
  const echo = await startEchoServer();
  let http: { r2: number; errors: number };
  let loadErrors: number;
  try {
    http = await httpThroughput(client, { bot: bot.url, echo: echo.url }, pools, runId, ceiling.answerRate);
    say();
    capture.on = true;
    loadErrors = await loadRun(client, bot.url, pools, runId, { hashId: (id) => log.hashId(id), lines: capture.lines });
  } finally {
    await client.close();
    await Promise.all([bot.close(), echo.close()]);
    closeSync(devNull);
  }
  const rssMb = kbToMb(process.resourceUsage().maxRSS);
  say();
  say(`bench process peak rss ${fmt(rssMb, 0)} MB (two brains and the client thread); total ${fmt(ms(began) / 1000, 1)} s; load avg now ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const errors = http.errors + loadErrors + (Number.isNaN(cold.seconds) ? 1 : 0);
  say(
    formatHeadline({
      p95Ms: offline.p95,
      answerPerEmbed: ceiling.r1,
      safetyPerEcho: http.r2,
      coldStartS: cold.seconds,
      indexBuildS: indexS,
      rssMb,
      errors,
    }),
  );
  // Errors include failed safety checks: a non-zero exit makes them impossible to miss in CI.
  process.exit(errors > 0 ? 1 : 0);
};

main().catch((error: Error) => {
  process.stderr.write(`bench: ${error.stack ?? error.message}\n`);
  process.exit(2);
});
