import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTeamsPackage, fillPlaceholders, TeamsPackageError, type ManifestValues } from '../../src/teams/package-app.js';
import { MANIFEST_VERSION, SCHEMA_URL, validateManifest } from '../../src/teams/validate-manifest.js';

const TEAMS_DIR = 'teams';
const VALUES: ManifestValues = {
  TEAMS_APP_ID: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  MICROSOFT_APP_ID: '9b2d7c1a-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  BOT_DOMAIN: 'benzo-support.azurewebsites.net',
};
const template = () => readFile(join(TEAMS_DIR, 'manifest.json'), 'utf8');
const filled = async () => JSON.parse(fillPlaceholders(await template(), { ...VALUES })) as Record<string, any>;
const png = (bytes: Uint8Array) => PNG.sync.read(Buffer.from(bytes));

let tmp = '';
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'teams-package-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('teams/manifest.json', () => {
  it('pins one schema version that is vendored in node_modules, in $schema and manifestVersion alike', async () => {
    const raw = JSON.parse(await template());
    expect(raw.manifestVersion).toBe(MANIFEST_VERSION);
    expect(raw.$schema).toBe(SCHEMA_URL);
    expect(raw.$schema).toContain(`/v${raw.manifestVersion}/`);
    expect(existsSync(`node_modules/@microsoft/app-manifest/build/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`)).toBe(true);
  });

  it('keeps ids as ${{...}} placeholders in the committed file', async () => {
    const text = await template();
    for (const name of Object.keys(VALUES)) expect(text).toContain(`\${{${name}}}`);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/i);
  });

  it('validates against the pinned schema offline once the placeholders are filled', async () => {
    expect(validateManifest(await filled())).toEqual([]);
  });

  it('is a bot-only app in the personal scope only', async () => {
    const m = await filled();
    expect(m.bots).toHaveLength(1);
    expect(m.bots[0].scopes).toEqual(['personal']);
    expect(m.bots[0].isNotificationOnly).toBe(false);
    for (const list of m.bots[0].commandLists) expect(list.scopes).toEqual(['personal']);
    expect(m.defaultInstallScope).toBe('personal');
    for (const key of ['staticTabs', 'configurableTabs', 'composeExtensions', 'connectors']) expect(m).not.toHaveProperty(key);
  });

  it('says it is an automated assistant and not medical advice, with https developer pages', async () => {
    const m = await filled();
    for (const text of [m.description.short, m.description.full]) {
      expect(text).toMatch(/automated assistant/i);
      expect(text).toMatch(/not medical advice/i);
    }
    expect(m.description.full).toMatch(/988/);
    for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) expect(m.developer[key]).toMatch(/^https:\/\//);
    expect(m.accentColor).toMatch(/^#[0-9A-F]{6}$/i);
    expect(m.validDomains).toEqual([VALUES.BOT_DOMAIN]);
  });
});

describe('fillPlaceholders', () => {
  it('substitutes every placeholder and leaves none behind', async () => {
    const m = await filled();
    expect(m.id).toBe(VALUES.TEAMS_APP_ID);
    expect(m.bots[0].botId).toBe(VALUES.MICROSOFT_APP_ID);
    expect(JSON.stringify(m)).not.toContain('${{');
  });
  it('escapes values so they cannot break the JSON', () => {
    expect(JSON.parse(fillPlaceholders('{"a":"${{X}}"}', { X: 'say "hi"\\' }))).toEqual({ a: 'say "hi"\\' });
  });
  it('names a placeholder that has no value', () => {
    expect(() => fillPlaceholders('{"id":"${{TEAMS_APP_ID}}","b":"${{NOPE}}"}', { TEAMS_APP_ID: 'x' })).toThrow(/\$\{\{NOPE\}\}/);
  });
});

describe('validateManifest rejects what Teams or this project would refuse, readably', () => {
  const cases: Array<[name: string, change: (m: Record<string, any>) => void, expected: RegExp]> = [
    ['missing bots', (m) => delete m.bots, /^\/bots: a bot-only app needs exactly one bot$/],
    ['a team scope', (m) => (m.bots[0].scopes = ['personal', 'team']), /^\/bots\/0\/scopes: must be exactly \["personal"\]$/],
    ['an unknown scope', (m) => (m.bots[0].scopes = ['everywhere']), /^\/bots\/0\/scopes\/0: must be one of "team", "personal"/],
    ['an id that is not a GUID', (m) => (m.id = 'my-app'), /^\/id: must be a GUID/],
    ['a leftover placeholder', (m) => (m.validDomains = ['${{BOT_DOMAIN}}']), /^\/validDomains\/0: unresolved placeholder \$\{\{BOT_DOMAIN\}\}$/],
    ['missing icons', (m) => delete m.icons, /^\(root\): missing required property "icons"$/],
    ['an unknown property', (m) => (m.colour = 'green'), /^\(root\): unknown property "colour"$/],
    ['an http privacy page', (m) => (m.developer.privacyUrl = 'http://example.org/privacy'), /^\/developer\/privacyUrl: must be an https:\/\/ URL$/],
    ['another manifest version', (m) => (m.manifestVersion = '1.17'), /^\/manifestVersion: must be "1\.24"/],
    ['a tab', (m) => (m.staticTabs = [{ entityId: 'x', scopes: ['personal'] }]), /^\/staticTabs: a bot-only app declares no staticTabs$/],
    ['a short description over 80 characters', (m) => (m.description.short = 'x'.repeat(81)), /^\/description\/short: must NOT have more than 80 characters$/],
    ['a domain with a scheme', (m) => (m.validDomains = ['https://bot.example.org']), /^\/validDomains\/0: a bare host name/],
  ];
  it.each(cases)('%s', async (_name, change, expected) => {
    const m = await filled();
    change(m);
    const errors = validateManifest(m);
    expect(errors.some((e) => expected.test(e)), errors.join('\n')).toBe(true);
    for (const e of errors) expect(e).toMatch(/^(\/|\(root\))\S*: \S/);
  });
  it('rejects something that is not an object', () => {
    expect(validateManifest([])).toEqual(['(root): the manifest must be a JSON object']);
  });
});

describe('the app package', () => {
  it('zips exactly manifest.json, color.png and outline.png at the root, no folders', async () => {
    const { manifest, zip } = await buildTeamsPackage(TEAMS_DIR, VALUES);
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const shipped = JSON.parse(strFromU8(files['manifest.json']!));
    expect(shipped).toEqual(manifest);
    expect(shipped.id).toBe(VALUES.TEAMS_APP_ID);
    expect(validateManifest(shipped)).toEqual([]);
    expect(Buffer.from(files['color.png']!)).toEqual(await readFile(join(TEAMS_DIR, 'color.png')));
  });

  it('builds the same bytes twice (fixed timestamps)', async () => {
    const [a, b] = await Promise.all([buildTeamsPackage(TEAMS_DIR, VALUES), buildTeamsPackage(TEAMS_DIR, VALUES)]);
    expect(Buffer.from(a.zip).equals(Buffer.from(b.zip))).toBe(true);
  });

  it('ships a 192x192 opaque color icon in the accent colour and a 32x32 white-on-transparent outline', async () => {
    const { manifest, zip } = await buildTeamsPackage(TEAMS_DIR, VALUES);
    const files = unzipSync(zip);
    const color = png(files['color.png']!);
    const outline = png(files['outline.png']!);
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);

    const alphas = (p: PNG) => Array.from({ length: p.width * p.height }, (_, i) => p.data[i * 4 + 3]!);
    expect(alphas(color).every((a) => a === 255)).toBe(true);
    const accent = String(manifest.accentColor).toLowerCase();
    const corner = `#${[...color.data.subarray(0, 3)].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
    expect(corner).toBe(accent);

    const transparent = alphas(outline).filter((a) => a === 0).length;
    expect(transparent).toBeGreaterThan(32 * 32 * 0.3);
    expect(transparent).toBeLessThan(32 * 32);
    for (let i = 0; i < outline.data.length; i += 4) {
      if (outline.data[i + 3]! > 0) expect([...outline.data.subarray(i, i + 3)]).toEqual([255, 255, 255]);
    }
  });

  it('refuses icons of the wrong size', async () => {
    const dir = join(tmp, 'wrong-icon');
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir);
    await copyFile(join(TEAMS_DIR, 'manifest.json'), join(dir, 'manifest.json'));
    await copyFile(join(TEAMS_DIR, 'outline.png'), join(dir, 'outline.png'));
    await writeFile(join(dir, 'color.png'), PNG.sync.write(new PNG({ width: 64, height: 64 })));
    const error = await buildTeamsPackage(dir, VALUES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeamsPackageError);
    expect((error as TeamsPackageError).errors).toEqual(['color.png: must be 192x192, is 64x64']);
  });
});

describe('npm run teams:package', () => {
  const tsx = join('node_modules', '.bin', 'tsx');
  const run = (args: string[]) =>
    promisify(execFile)(tsx, ['src/cli/teams-package.ts', ...args]).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('writes the zip from flags and says which values were placeholders', async () => {
    const out = join(tmp, 'cli', 'app.zip');
    const { code, stdout } = await run(['--bot-id', VALUES.MICROSOFT_APP_ID, '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/MICROSOFT_APP_ID\s+9b2d7c1a-5e4f-4a3b-8c2d-1e0f9a8b7c6d\s+from --bot-id/);
    expect(stdout).toMatch(/TEAMS_APP_ID\s+\S+\s+PLACEHOLDER/);
    expect(stdout).toMatch(/BOT_DOMAIN\s+bot\.example\.org\s+PLACEHOLDER/);
    const files = unzipSync(new Uint8Array(await readFile(out)));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(JSON.parse(strFromU8(files['manifest.json']!)).bots[0].botId).toBe(VALUES.MICROSOFT_APP_ID);
  });

  it('fails with the validation errors and writes nothing for a bad id', async () => {
    const out = join(tmp, 'cli', 'bad.zip');
    const { code, stderr } = await run(['--app-id', 'not-a-guid', '--out', out]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/\/id: must be a GUID/);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects an unknown flag with the usage line', async () => {
    const { code, stderr } = await run(['--bogus', 'x']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/unknown option --bogus[\s\S]*usage:/);
  });
});
