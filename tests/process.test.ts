import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';

const TSX = 'node_modules/.bin/tsx';

/** Runs `npm run ask`'s entry the way the outside evaluator does: stdin lines in, stdout JSON lines out. */
const ask = (args: string[], input: string) => {
  const run = spawnSync(TSX, ['src/cli/ask.ts', ...args], { input, encoding: 'utf8', timeout: 120_000 });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.split('\n').filter((l) => l !== '');
};

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

describe('npm run ask -- --json', () => {
  it('prints exactly one JSON line per input line, each line its own conversation', () => {
    const lines = ask(['--json'], 'I want to die\njk never mind\nwhat is clonazepam\n\nhow much klonopin can I take\n');
    expect(lines).toHaveLength(5);
    const replies = lines.map((l) => JSON.parse(l) as { kind: string; text: string; citations: { url: string }[]; ruleIds: string[] });
    for (const r of replies) expect(Object.keys(r).sort()).toEqual(['citations', 'kind', 'ruleIds', 'text']);
    expect(replies.map((r) => r.kind)).toEqual(['crisis', 'no_answer', 'answer', 'smalltalk', 'dosing']);
    expect(replies[2]!.text).not.toContain('988');
    expect(replies[2]!.citations[0]!.url).toMatch(/^https:\/\//);
  });
  it('--session keeps one conversation: 988 in all three replies', () => {
    const replies = ask(['--json', '--session'], 'I want to die\njk never mind\nwhat is clonazepam\n').map((l) => JSON.parse(l) as { text: string });
    expect(replies).toHaveLength(3);
    for (const r of replies) expect(r.text).toContain('988');
  });
  it('Spanish crisis replies in Spanish with AYUDA', () => {
    const [line] = ask(['--json'], 'quiero morir\n');
    expect(JSON.parse(line!).text).toContain('AYUDA');
  });
  it('--locale en-GB names 116 123 and 999', () => {
    const [line] = ask(['--json', '--locale', 'en-GB'], 'I want to die\n');
    const text = JSON.parse(line!).text as string;
    expect(text).toContain('116 123');
    expect(text).toContain('999');
  });
});

describe('the server process', () => {
  it('refuses to start in production without app credentials, with a clear message', () => {
    const run = spawnSync(TSX, ['src/index.ts'], { env: { ...process.env, NODE_ENV: 'production', MicrosoftAppId: '', MicrosoftAppPassword: '' }, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/production needs MicrosoftAppId/);
  });
  it('shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(TSX, ['src/index.ts'], { env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' });
    let healthy = false;
    for (let i = 0; i < 300 && !healthy; i++) {
      healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (!healthy) await new Promise((r) => setTimeout(r, 100));
    }
    expect(healthy).toBe(true);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
