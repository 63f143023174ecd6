import { parentPort } from 'node:worker_threads';
import { runLanes } from './http-client.js';

// The load client runs on its own thread, so its CPU does not count against the server's event loop.
parentPort!.on('message', async (job: { id: number; url: string; lanes: string[][]; concurrency: number }) => {
  const run = await runLanes(job.url, job.lanes, job.concurrency);
  parentPort!.postMessage({ id: job.id, ...run });
});
