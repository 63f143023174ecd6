import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPromptFolder } from '../../src/answer/prompt-folder.js';
import { findDoseLeaks } from '../../src/safety/dose-scrub.js';

const FIXTURES = 'tests/fixtures/prompts';

describe('prompts/answer', () => {
  const prompt = loadPromptFolder('prompts/answer');
  it('loads with sane settings', () => {
    expect(prompt.config.temperature).toBeLessThanOrEqual(0.5);
    expect(prompt.config.minSupport).toBeGreaterThanOrEqual(0.5);
    expect(prompt.config.timeoutMs).toBeLessThanOrEqual(15_000);
    expect(prompt.system).toContain('{{passages}}');
    expect(prompt.user).toContain('{{question}}');
  });
  it('states the rules the checks enforce', () => {
    expect(prompt.system).toMatch(/only the facts in the passages/i);
    expect(prompt.system).toMatch(/never give an amount/i);
    expect(prompt.system).toMatch(/same language as the question/i);
  });
  it('carries no dose wording itself', () => {
    expect(findDoseLeaks(`${prompt.system}\n${prompt.user}\n${JSON.stringify(prompt.config)}`)).toEqual([]);
  });
});

describe('broken prompt folders fail loudly, naming the file', () => {
  it.each([
    ['missing-config', /missing-config[/\\]config\.json: is missing/],
    ['missing-template', /missing-template[/\\]template\.md: is missing/],
    ['bad-config', /bad-config[/\\]config\.json: .*temperature: Expected number.*maxPassages.*minSupport: Required/],
    ['bad-template', /bad-template[/\\]template\.md: unknown slot\(s\) \{\{pasages\}\}/],
  ])('%s', (folder, message) => {
    expect(() => loadPromptFolder(join(FIXTURES, folder))).toThrow(message);
  });

  it('a config that is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'prompt-'));
    writeFileSync(join(dir, 'config.json'), '{ "temperature": 0.2, }');
    copyFileSync('prompts/answer/template.md', join(dir, 'template.md'));
    expect(() => loadPromptFolder(dir)).toThrow(/config\.json: is not valid JSON/);
  });

  it.each([
    ['no User section', '## System\n\n{{passages}} {{question}}\n'],
    ['a slot never used', '## System\n\n{{passages}}\n\n## User\n\nHello\n'],
  ])('a template with %s', (_name, text) => {
    const dir = mkdtempSync(join(tmpdir(), 'prompt-'));
    copyFileSync('prompts/answer/config.json', join(dir, 'config.json'));
    writeFileSync(join(dir, 'template.md'), text);
    expect(() => loadPromptFolder(dir)).toThrow(/template\.md: /);
  });

  it('a folder that is not there', () => {
    expect(() => loadPromptFolder(join(FIXTURES, 'nope'))).toThrow(/nope: prompt folder is missing/);
  });
});
