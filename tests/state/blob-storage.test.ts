import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationState, TestAdapter } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SupportBot } from '../../src/bot/support-bot.js';
import { createLogger } from '../../src/logger.js';
import { createStorage } from '../../src/state/create-storage.js';
import { sharedBrain } from '../helpers/brain.js';

// Azurite (the Azure Storage emulator from npm) is started here, on loopback, for this file only.
let azurite: ChildProcess;
let dir: string;
let connectionString: string;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'azurite-'));
  const port = await freePort();
  azurite = spawn(
    'node_modules/.bin/azurite-blob',
    ['--blobHost', '127.0.0.1', '--blobPort', String(port), '--location', dir, '--skipApiVersionCheck', '--disableTelemetry', '--silent', '--loose'],
    { stdio: 'ignore' },
  );
  connectionString = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/devstoreaccount1?comp=list`).then(() => true, () => false);
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('azurite did not start');
});

afterAll(async () => {
  // Azurite may still be flushing its files: wait for it to exit before removing its folder.
  if (azurite && azurite.exitCode === null) {
    const exited = new Promise((resolve) => azurite.once('exit', resolve));
    azurite.kill();
    await exited;
  }
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

const instance = async (storage: ReturnType<typeof createStorage>) => {
  const brain = await sharedBrain();
  return new SupportBot({
    core: brain.core,
    conversationState: new ConversationState(storage),
    log: createLogger({ write: () => undefined }),
    welcome: async (channel, locale, language) => brain.fixedReply('welcome', channel, locale, language),
  });
};

describe('Azure Blob state (against Azurite)', () => {
  it('two bot instances sharing the store keep one conversation in crisis mode', async () => {
    const container = `state${Date.now()}`;
    const one = await instance(createStorage({ connectionString, container }));
    const two = await instance(createStorage({ connectionString, container }));
    const template = { channelId: 'webchat', conversation: { id: 'shared-conv', isGroup: false, conversationType: 'personal', name: 'x' } };
    const a = new TestAdapter(async (context) => one.run(context), template);
    const b = new TestAdapter(async (context) => two.run(context), template);
    await a.receiveActivity({ type: 'message', text: 'I want to die' });
    expect(a.activityBuffer[0]?.text).toMatch(/988/);
    await b.receiveActivity({ type: 'message', text: 'what is clonazepam' });
    expect(b.activityBuffer[0]?.text).toMatch(/^Help is still here[\s\S]*988/);
  });

  it('round-trips non-ASCII state', async () => {
    const storage = new BlobsStorage(connectionString, `text${Date.now()}`);
    const value = { note: 'sí, ñandú, Ümlaut, 🙂, 日本語', eTag: '*' };
    await storage.write({ 'conv/ü': value });
    const read = await storage.read(['conv/ü']);
    expect((read['conv/ü'] as { note: string }).note).toBe(value.note);
  });
});
