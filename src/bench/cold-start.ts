import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';

/** A port nothing listens on right now (the OS picks it). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

const healthy = (url: string): Promise<boolean> =>
  new Promise((resolve) => {
    const req = get(url, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.setTimeout(1000, () => req.destroy());
    req.on('error', () => resolve(false));
  });

/** A process and its descendants, from /proc (Linux only; empty elsewhere). */
const processTree = (pid: number): number[] => {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return [pid, ...children.flatMap(processTree)];
  } catch {
    return [];
  }
};

/** Peak resident set (VmHWM) of a live process in kB, or undefined when /proc cannot tell. */
const peakRssKb = (pid: number): number | undefined => {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+)\s+kB/m);
    return line ? Number(line[1]) : undefined;
  } catch {
    return undefined;
  }
};

export interface ColdStart {
  /** Spawn to the first 200 from GET /healthz; NaN when it never came. */
  seconds: number;
  /** Largest peak RSS in the child's process tree (tsx runs the bot in a child of its own), kB. */
  peakRssKb?: number;
  /** Last lines of the child's stderr when it did not become healthy. */
  failure?: string;
}

/**
 * Spawns `tsx src/index.ts` (through env(1), which adds PORT and HOST to the inherited
 * environment) in its own process group, polls /healthz, then stops the group.
 */
export const measureColdStart = async (options: { cwd: string; timeoutMs?: number }): Promise<ColdStart> => {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('env', [`PORT=${port}`, 'HOST=127.0.0.1', 'node_modules/.bin/tsx', 'src/index.ts'], {
    cwd: options.cwd,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = started + (options.timeoutMs ?? 60_000);
  let seconds = Number.NaN;
  while (!gone && performance.now() < deadline) {
    if (await healthy(`http://127.0.0.1:${port}/healthz`)) {
      seconds = (performance.now() - started) / 1000;
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const peaks = processTree(child.pid!).map(peakRssKb).filter((kb): kb is number => kb !== undefined);
  // Only the group this call started; it may have exited between the check and the signal.
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // Already gone.
    }
  };
  if (!gone) {
    signal('SIGTERM');
    const killTimer = setTimeout(() => !gone && signal('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killTimer);
  }
  return {
    seconds,
    ...(peaks.length > 0 ? { peakRssKb: Math.max(...peaks) } : {}),
    ...(Number.isNaN(seconds) ? { failure: stderr.trim().split('\n').slice(-5).join('\n') } : {}),
  };
};
