import type { LatencySummary } from './stats.js';

/** The figures of the bench's last line (the one CI and the issue quote). */
export interface Headline {
  /** Offline core turn latency, 95th percentile, ms. */
  p95Ms: number;
  /** Answer turns/s through the core ÷ query embeddings/s alone (goal ≥ 0.7). */
  answerPerEmbed: number;
  /** Safety-only HTTP turns/s ÷ bare echo bot turns/s (goal ≥ 0.5). */
  safetyPerEcho: number;
  coldStartS: number;
  indexBuildS: number;
  rssMb: number;
  errors: number;
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** `bench: p95 X ms, answer/embed R1, safety-http/echo R2, cold start S s, index I s, rss M MB, errors E` */
export const formatHeadline = (h: Headline): string =>
  `bench: p95 ${fixed(h.p95Ms, 1)} ms, answer/embed ${fixed(h.answerPerEmbed, 2)}, safety-http/echo ${fixed(h.safetyPerEcho, 2)}, ` +
  `cold start ${fixed(h.coldStartS, 1)} s, index ${fixed(h.indexBuildS, 1)} s, rss ${fixed(h.rssMb, 0)} MB, errors ${h.errors}`;

/** One aligned table row: `label  n=…  p50 … p95 … p99 … max … ms`. */
export const formatLatencyRow = (label: string, s: LatencySummary): string =>
  `  ${label.padEnd(12)} n=${String(s.n).padStart(4)}  p50 ${fixed(s.p50, 1).padStart(6)}  p95 ${fixed(s.p95, 1).padStart(6)}  ` +
  `p99 ${fixed(s.p99, 1).padStart(6)}  max ${fixed(s.max, 1).padStart(6)} ms`;

/** Kilobytes (as process.resourceUsage().maxRSS and /proc VmHWM report them) to megabytes. */
export const kbToMb = (kb: number): number => kb / 1024;
