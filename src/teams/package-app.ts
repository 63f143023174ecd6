import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { PNG } from 'pngjs';
import { validateManifest } from './validate-manifest.js';

/** The placeholders teams/manifest.json uses, Teams Toolkit style: `${{NAME}}`. */
export interface ManifestValues {
  /** The Teams app's own GUID (TEAMS_APP_ID). */
  TEAMS_APP_ID: string;
  /** The bot's Microsoft App ID, the same value as the MicrosoftAppId setting (MICROSOFT_APP_ID). */
  MICROSOFT_APP_ID: string;
  /** The host name the bot is reached on, without scheme or path (BOT_DOMAIN). */
  BOT_DOMAIN: string;
}

/** Thrown when the manifest or an icon would be rejected by Teams; `errors` lists each problem. */
export class TeamsPackageError extends Error {
  override name = 'TeamsPackageError';
  constructor(readonly errors: string[]) {
    super(`the Teams app package is invalid:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  }
}

const ICON_SIZES = { 'color.png': 192, 'outline.png': 32 } as const;
// A fixed timestamp keeps the zip byte-for-byte reproducible.
const MTIME = new Date('2026-01-01T00:00:00Z');

/**
 * Replaces every `${{NAME}}` in the manifest text with its value, JSON-escaped.
 * Throws a TeamsPackageError naming any placeholder that has no value.
 */
export const fillPlaceholders = (template: string, values: Record<string, string>): string => {
  const missing = new Set<string>();
  const text = template.replace(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) {
      missing.add(name);
      return whole;
    }
    return JSON.stringify(value).slice(1, -1);
  });
  if (missing.size > 0) throw new TeamsPackageError([...missing].map((n) => `no value for placeholder \${{${n}}}`));
  return text;
};

const iconErrors = (name: keyof typeof ICON_SIZES, bytes: Buffer): string[] => {
  const size = ICON_SIZES[name];
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch {
    return [`${name}: not a readable PNG`];
  }
  const errors = png.width === size && png.height === size ? [] : [`${name}: must be ${size}x${size}, is ${png.width}x${png.height}`];
  if (name === 'outline.png') {
    let transparent = false;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b, a] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!, png.data[i + 3]!];
      if (a === 0) transparent = true;
      else if (r !== 255 || g !== 255 || b !== 255) return [...errors, `${name}: must be white on transparent (found a coloured pixel)`];
    }
    if (!transparent) errors.push(`${name}: must have a transparent background`);
  }
  return errors;
};

/** A built package: the manifest as shipped, and the zip with manifest.json, color.png and outline.png at its root. */
export interface TeamsPackage {
  manifest: Record<string, unknown>;
  zip: Uint8Array;
}

/**
 * Reads manifest.json and the icons from `sourceDir`, fills the placeholders, validates
 * the result against the pinned schema and the icon sizes, and zips the three files with
 * no folders. Throws a TeamsPackageError listing every problem when anything is invalid.
 */
export const buildTeamsPackage = async (sourceDir: string, values: ManifestValues): Promise<TeamsPackage> => {
  const text = fillPlaceholders(await readFile(join(sourceDir, 'manifest.json'), 'utf8'), { ...values });
  const manifest = JSON.parse(text) as Record<string, unknown>;
  const icons = {
    'color.png': await readFile(join(sourceDir, 'color.png')),
    'outline.png': await readFile(join(sourceDir, 'outline.png')),
  };
  const errors = [
    ...validateManifest(manifest),
    ...iconErrors('color.png', icons['color.png']),
    ...iconErrors('outline.png', icons['outline.png']),
  ];
  if (errors.length > 0) throw new TeamsPackageError(errors);
  const zip = zipSync(
    {
      'manifest.json': [strToU8(`${JSON.stringify(manifest, null, 2)}\n`), { mtime: MTIME }],
      'color.png': [new Uint8Array(icons['color.png']), { mtime: MTIME }],
      'outline.png': [new Uint8Array(icons['outline.png']), { mtime: MTIME }],
    },
    { level: 9 },
  );
  return { manifest, zip };
};

/** Builds the package and writes the zip to `outFile`, creating its folder. */
export const writeTeamsPackage = async (sourceDir: string, values: ManifestValues, outFile: string): Promise<TeamsPackage> => {
  const built = await buildTeamsPackage(sourceDir, values);
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, built.zip);
  return built;
};
