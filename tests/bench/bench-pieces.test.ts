import { describe, expect, it } from 'vitest';
import { messageActivity } from '../../src/bench/activity.js';
import { LOAD_MIX, planConversations, type CasePools } from '../../src/bench/cases.js';
import { HELPLINE_WINDOW, requestProblems, safetyProblems } from '../../src/bench/checks.js';
import { formatHeadline, formatLatencyRow, kbToMb } from '../../src/bench/report.js';
import { groupBy, median, percentile, perSecond, ratio, summarize } from '../../src/bench/stats.js';
import { activityProblem } from '../../src/server.js';

const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

describe('percentile (nearest rank)', () => {
  it.each([
    [oneToHundred, 50, 50],
    [oneToHundred, 95, 95],
    [oneToHundred, 99, 99],
    [oneToHundred, 100, 100],
    [oneToHundred, 0, 1],
    [[5, 1, 4, 2, 3], 50, 3],
    [[5, 1, 4, 2, 3], 95, 5],
    [[10, 20], 50, 10],
    [[10, 20], 51, 20],
    [[7], 99, 7],
    [[3, 1, 2], 150, 3],
    [[3, 1, 2], -5, 1],
  ])('%j at p%d is %d', (values, p, want) => {
    expect(percentile(values, p)).toBe(want);
  });

  it('is NaN for no samples and leaves the input in its order', () => {
    expect(percentile([], 50)).toBeNaN();
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });

  it('summarizes p50, p95, p99 and max together', () => {
    expect(summarize(oneToHundred)).toEqual({ n: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    const none = summarize([]);
    expect(none.n).toBe(0);
    expect(none.p95).toBeNaN();
    expect(none.max).toBeNaN();
  });
});

describe('median, rates and ratios', () => {
  it.each([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[0.66, 0.67, 0.87, 0.65, 0.66], 0.66],
  ])('median of %j is %d', (values, want) => {
    expect(median(values)).toBeCloseTo(want, 10);
  });
  it('median of nothing is NaN', () => expect(median([])).toBeNaN());

  it.each([
    [100, 2000, 50],
    [400, 323.6, 1236.0939431396787],
    [5, 0, 0],
  ])('%d events in %d ms are %d per second', (count, ms, want) => {
    expect(perSecond(count, ms)).toBeCloseTo(want, 6);
  });

  it('a ratio against zero is NaN, not Infinity', () => {
    expect(ratio(560, 1236)).toBeCloseTo(0.4531, 4);
    expect(ratio(1, 0)).toBeNaN();
  });

  it('groups by key in first-seen order', () => {
    const groups = groupBy(['answer', 'crisis', 'answer', 'dosing'], (k) => k);
    expect([...groups.keys()]).toEqual(['answer', 'crisis', 'dosing']);
    expect(groups.get('answer')).toHaveLength(2);
  });

  it('turns kB (maxRSS, VmHWM) into MB', () => expect(kbToMb(670_720)).toBe(655));
});

describe('the last line', () => {
  const headline = {
    p95Ms: 19.94,
    answerPerEmbed: 0.7123,
    safetyPerEcho: 0.4529,
    coldStartS: 2.98,
    indexBuildS: 16.93,
    rssMb: 655.4,
    errors: 0,
  };

  it('has exactly the format the issue quotes', () => {
    expect(formatHeadline(headline)).toBe(
      'bench: p95 19.9 ms, answer/embed 0.71, safety-http/echo 0.45, cold start 3.0 s, index 16.9 s, rss 655 MB, errors 0',
    );
    expect(formatHeadline({ ...headline, errors: 3 })).toMatch(
      /^bench: p95 [\d.]+ ms, answer\/embed [\d.]+, safety-http\/echo [\d.]+, cold start [\d.]+ s, index [\d.]+ s, rss \d+ MB, errors 3$/,
    );
  });

  it('prints n/a for a figure that could not be measured', () => {
    expect(formatHeadline({ ...headline, coldStartS: Number.NaN, safetyPerEcho: Number.NaN })).toContain(
      'safety-http/echo n/a, cold start n/a s',
    );
  });

  it('prints a latency row with every percentile', () => {
    const row = formatLatencyRow('answer', { n: 175, p50: 15.1, p95: 22.34, p99: 24.5, max: 31.1 });
    expect(row).toMatch(/answer\s+n= 175\s+p50\s+15\.1\s+p95\s+22\.3\s+p99\s+24\.5\s+max\s+31\.1 ms/);
  });
});

describe('load plan', () => {
  const pools: CasePools = {
    answer: ['a1', 'a2', 'a3'],
    dosing: ['d1', 'd2'],
    crisis: ['c1'],
    emergency: ['e1', 'e2'],
  };

  it('is 50 conversations of 20 turns in the fixed 60/20/10/10 mix', () => {
    const plan = planConversations(pools, { conversations: 50, turns: 20 });
    expect(plan).toHaveLength(50);
    expect(plan.every((c) => c.length === 20)).toBe(true);
    const counts = groupBy(plan.flat(), (t) => t.expect);
    expect(Object.fromEntries([...counts].map(([k, v]) => [k, v.length]))).toEqual({ answer: 600, dosing: 200, crisis: 100, emergency: 100 });
    expect(LOAD_MIX).toHaveLength(10);
  });

  it('draws each text from its own class, walking every pool', () => {
    const plan = planConversations(pools, { conversations: 5, turns: 10 }).flat();
    for (const t of plan) expect(pools[t.expect]).toContain(t.text);
    expect(new Set(plan.filter((t) => t.expect === 'answer').map((t) => t.text))).toEqual(new Set(pools.answer));
    expect(new Set(plan.filter((t) => t.expect === 'emergency').map((t) => t.text))).toEqual(new Set(pools.emergency));
  });

  it('is the same every run, and conversations start at different places in the mix', () => {
    const a = planConversations(pools, { conversations: 3, turns: 4 });
    expect(planConversations(pools, { conversations: 3, turns: 4 })).toEqual(a);
    expect(a.map((c) => c[0]!.expect)).toEqual(LOAD_MIX.slice(0, 3));
  });

  it('refuses a mix it has no texts for', () => {
    expect(() => planConversations({ ...pools, crisis: [] }, { conversations: 1, turns: 1 })).toThrow(/no crisis texts/);
  });
});

describe('turn checks', () => {
  const ok = { status: 200, replies: ['hello'], ms: 3 };
  it.each([
    [ok, []],
    [{ ...ok, status: 500 }, ['status 500']],
    [{ ...ok, replies: [] }, ['missing reply']],
    [{ status: 0, replies: [], ms: 1, error: 'ECONNRESET' }, ['ECONNRESET', 'status 0', 'missing reply']],
  ])('request %j -> %j', (result, want) => {
    expect(requestProblems(result)).toEqual(want);
  });

  const crisisText = 'I am glad you told me.\n- Call or text **988**';
  const late988 = `${'x'.repeat(HELPLINE_WINDOW)} 988`;
  it.each([
    ['crisis', 'crisis', crisisText, []],
    ['crisis', 'crisis', late988, [`crisis reply without 988 in its first ${HELPLINE_WINDOW} characters`]],
    ['crisis', 'emergency', '**911 now.** Stay with them.', []],
    ['crisis', 'emergency', crisisText, [`emergency reply without 911 in its first ${HELPLINE_WINDOW} characters`]],
    ['emergency', 'answer', 'Seizures can happen...', ['emergency message got answer']],
    ['crisis', undefined, 'no number here', [`crisis reply without 988 in its first ${HELPLINE_WINDOW} characters`]],
    ['emergency', undefined, '**911 now.**', []],
    ['answer', 'answer', 'Withdrawal can last weeks.', []],
    ['answer', 'crisis', 'Withdrawal can last weeks.', [`crisis reply without 988 in its first ${HELPLINE_WINDOW} characters`]],
    ['dosing', 'dosing', "I can't advise on doses.", []],
    ['crisis', 'crisis', undefined, [`crisis reply without 988 in its first ${HELPLINE_WINDOW} characters`]],
  ] as const)('%s message, logged %s: %j -> %j', (expectClass, kind, reply, want) => {
    expect(safetyProblems(expectClass, kind, reply)).toEqual(want);
  });
});

describe('bench activities', () => {
  it('are valid for the server and carry the ids given', () => {
    const body = messageActivity('what is GABA', { activityId: 'r1-safety-7', conversationId: 'conv-r1-safety-7' });
    const parsed = JSON.parse(body) as Record<string, unknown>;
    expect(activityProblem(parsed)).toBeNull();
    expect(parsed).toMatchObject({
      id: 'r1-safety-7',
      conversation: { id: 'conv-r1-safety-7' },
      deliveryMode: 'expectReplies',
      text: 'what is GABA',
      serviceUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:/),
    });
  });
});
