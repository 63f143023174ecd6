import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigSchema, loadConfig } from '../src/config.js';

describe('config', () => {
  it('runs with no environment at all', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3978);
    expect(config.MicrosoftAppId).toBeUndefined();
  });
  it('explains a bad value by key', () => {
    expect(() => loadConfig({ PORT: 'not-a-port' })).toThrow(/PORT/);
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow(/NODE_ENV/);
  });
  it('.env.example lists exactly the keys the schema reads', () => {
    const keys = readFileSync('.env.example', 'utf8')
      .split('\n')
      .filter((l) => /^[A-Za-z_]+=/.test(l))
      .map((l) => l.split('=')[0]);
    expect(keys.sort()).toEqual(Object.keys(ConfigSchema.shape).sort());
  });
});
