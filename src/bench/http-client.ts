import { Agent, request } from 'node:http';

/** What one POST /api/messages came back with. */
export interface TurnResult {
  /** HTTP status, 0 when the request failed before a response. */
  status: number;
  /** Texts of the message activities in the expectReplies body, in order. */
  replies: string[];
  ms: number;
  /** Why the request or its body failed; absent on success. */
  error?: string;
}

export interface LaneRun {
  wallMs: number;
  /** One array per lane, in the lane's order. */
  results: TurnResult[][];
}

const post = (agent: Agent, url: URL, body: string): Promise<TurnResult> =>
  new Promise((resolve) => {
    const started = performance.now();
    const done = (status: number, replies: string[], error?: string) =>
      resolve({ status, replies, ms: performance.now() - started, ...(error ? { error } : {}) });
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('error', (e) => done(res.statusCode ?? 0, [], e.message));
        res.on('end', () => {
          try {
            const parsed = JSON.parse(Buffer.concat(parts).toString('utf8')) as { activities?: { type?: string; text?: string }[] };
            const replies = (parsed.activities ?? []).filter((a) => a.type === 'message' && a.text).map((a) => a.text!);
            done(res.statusCode ?? 0, replies);
          } catch {
            done(res.statusCode ?? 0, [], 'body is not JSON');
          }
        });
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timed out after 30 s')));
    req.on('error', (e) => done(0, [], e.message));
    req.end(body);
  });

/**
 * Sends each lane's bodies one after another, `concurrency` lanes at a time, over one
 * keep-alive agent. Lanes of one body make a plain request pool; longer lanes are
 * conversations whose turns must stay in order.
 */
export const runLanes = async (url: string, lanes: string[][], concurrency: number): Promise<LaneRun> => {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  const results: TurnResult[][] = lanes.map(() => []);
  let nextLane = 0;
  const started = performance.now();
  const worker = async () => {
    for (let lane = nextLane++; lane < lanes.length; lane = nextLane++) {
      for (const body of lanes[lane]!) results[lane]!.push(await post(agent, target, body));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, lanes.length) }, worker));
  const wallMs = performance.now() - started;
  agent.destroy();
  return { wallMs, results };
};
