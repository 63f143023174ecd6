import { resolve } from 'node:path';
import { writeTeamsPackage, type ManifestValues } from '../teams/package-app.js';

// `npm run teams:package -- [--app-id <guid>] [--bot-id <guid>] [--domain <host>] [--out <file>]`
// builds the Teams app zip from teams/. Values come from flags, never from the environment:
// only config.ts reads environment variables.

interface Flag {
  key: keyof ManifestValues;
  /** Clearly fake, so a package built without the flag is never mistaken for a real one. */
  placeholder: string;
}

const FLAGS: Record<string, Flag> = {
  '--app-id': { key: 'TEAMS_APP_ID', placeholder: '00000000-0000-0000-0000-0000000000a1' },
  '--bot-id': { key: 'MICROSOFT_APP_ID', placeholder: '00000000-0000-0000-0000-0000000000b2' },
  '--domain': { key: 'BOT_DOMAIN', placeholder: 'bot.example.org' },
};

const USAGE = 'usage: npm run teams:package -- [--app-id <guid>] [--bot-id <guid>] [--domain <host>] [--out <file>] [--source <dir>]';

const parse = (argv: string[]) => {
  const given: Partial<ManifestValues> = {};
  let out = 'dist/teams-app.zip';
  let source = 'teams';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (name === '--help' || name === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    const value = inline ?? argv[++i];
    if (!value || value.startsWith('--')) throw new Error(`${name} needs a value\n${USAGE}`);
    const flag = FLAGS[name];
    if (flag) given[flag.key] = value;
    else if (name === '--out') out = value;
    else if (name === '--source') source = value;
    else throw new Error(`unknown option ${name}\n${USAGE}`);
  }
  return { given, out, source };
};

const main = async () => {
  const { given, out, source } = parse(process.argv.slice(2));
  const values = {} as ManifestValues;
  for (const [name, { key, placeholder }] of Object.entries(FLAGS)) {
    values[key] = given[key] ?? placeholder;
    const note = given[key] ? `from ${name}` : `PLACEHOLDER (pass ${name} for a real package)`;
    process.stdout.write(`${key.padEnd(16)} ${values[key]}  ${note}\n`);
  }
  const outFile = resolve(out);
  const { manifest } = await writeTeamsPackage(resolve(source), values, outFile);
  process.stdout.write(`wrote ${outFile} (manifest.json, color.png, outline.png)\n`);
  if (Object.values(FLAGS).some(({ key }) => !given[key])) {
    process.stdout.write('note: this package holds placeholder values; Teams will not reach a real bot with it.\n');
  }
  if (JSON.stringify(manifest.developer ?? {}).includes('example.org')) {
    process.stdout.write('note: the developer URLs in teams/manifest.json are example.org placeholders; set real https pages before publishing.\n');
  }
};

main().catch((error: Error) => {
  // A TeamsPackageError's message already lists every problem, one a line.
  process.stderr.write(`teams:package: ${error.message}\n`);
  process.exit(1);
});
