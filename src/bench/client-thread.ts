import { Worker } from 'node:worker_threads';
import type { LaneRun } from './http-client.js';

export interface ClientThread {
  /** runLanes on the client thread; see http-client.ts. */
  run(url: string, lanes: string[][], concurrency: number): Promise<LaneRun>;
  close(): Promise<void>;
}

/** Starts the HTTP load client on a worker thread (the bench runs under tsx, so the worker registers it too). */
export const startClientThread = (): ClientThread => {
  const entry = new URL('./client-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(boot, { eval: true });
  const pending = new Map<number, { resolve: (run: LaneRun) => void; reject: (e: Error) => void }>();
  let ids = 0;
  worker.on('message', (m: LaneRun & { id: number }) => {
    pending.get(m.id)?.resolve({ wallMs: m.wallMs, results: m.results });
    pending.delete(m.id);
  });
  worker.on('error', (e) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  });
  return {
    run: (url, lanes, concurrency) =>
      new Promise((resolve, reject) => {
        const id = ids++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, url, lanes, concurrency });
      }),
    close: async () => {
      await worker.terminate();
    },
  };
};
