import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';

/** The Teams manifest version this project pins; its schema ships inside @microsoft/app-manifest. */
export const MANIFEST_VERSION = '1.24';
export const SCHEMA_URL = `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;

/** Capabilities other than a bot; a bot-only app declares none of them. */
const OTHER_CAPABILITIES = ['staticTabs', 'configurableTabs', 'composeExtensions', 'connectors', 'copilotAgents', 'dashboardCards', 'meetingExtensionDefinition'];
const ICON_FILES = { color: 'color.png', outline: 'outline.png' } as const;

const schemaPath = (): string => {
  const pkg = createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json');
  return join(dirname(pkg), 'build', 'json-schemas', 'teams', `v${MANIFEST_VERSION}`, 'MicrosoftTeams.schema.json');
};

let compiled: ValidateFunction | undefined;
const schemaValidator = (): ValidateFunction => {
  if (compiled) return compiled;
  // The schema is draft-04 and read from disk: validation never touches the network.
  const ajv = new Ajv04.default({ allErrors: true, strict: false });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  compiled = ajv.compile(JSON.parse(readFileSync(schemaPath(), 'utf8')));
  return compiled;
};

const where = (path: string) => path || '(root)';

const describe = (e: ErrorObject): string => {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'required') return `${where(e.instancePath)}: missing required property "${String(params.missingProperty)}"`;
  if (e.keyword === 'additionalProperties') return `${where(e.instancePath)}: unknown property "${String(params.additionalProperty)}"`;
  if (e.keyword === 'enum') return `${where(e.instancePath)}: must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  if (e.keyword === 'pattern' && String(params.pattern).startsWith('^[0-9a-fA-F]{8}-')) return `${where(e.instancePath)}: must be a GUID like 3f2504e0-4f89-41d3-9a0c-0305e82c3301`;
  if (e.keyword === 'const') return `${where(e.instancePath)}: must be ${JSON.stringify(params.allowedValue)}`;
  return `${where(e.instancePath)}: ${e.message ?? e.keyword}`;
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const placeholders = (value: unknown, path = ''): string[] => {
  if (typeof value === 'string') return [...value.matchAll(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => `${where(path)}: unresolved placeholder ${m[0]}`);
  if (Array.isArray(value)) return value.flatMap((v, i) => placeholders(v, `${path}/${i}`));
  if (isObject(value)) return Object.entries(value).flatMap(([k, v]) => placeholders(v, `${path}/${k}`));
  return [];
};

/** What this project requires beyond the schema: one personal-scope bot and nothing else. */
const projectRules = (m: Json): string[] => {
  const errors: string[] = [];
  if (m.manifestVersion !== MANIFEST_VERSION) errors.push(`/manifestVersion: must be "${MANIFEST_VERSION}" (the pinned schema)`);
  if (m.$schema !== SCHEMA_URL) errors.push(`/$schema: must be ${SCHEMA_URL}`);
  const bots = Array.isArray(m.bots) ? m.bots : [];
  if (bots.length !== 1) errors.push('/bots: a bot-only app needs exactly one bot');
  bots.filter(isObject).forEach((bot, i) => {
    const scopes = Array.isArray(bot.scopes) ? bot.scopes : [];
    // Personal scope only: people should not share health details in group chats or channels.
    if (scopes.length !== 1 || scopes[0] !== 'personal') errors.push(`/bots/${i}/scopes: must be exactly ["personal"]`);
    if (bot.isNotificationOnly === true) errors.push(`/bots/${i}/isNotificationOnly: the bot must be conversational`);
    const lists = Array.isArray(bot.commandLists) ? bot.commandLists.filter(isObject) : [];
    lists.forEach((list, j) => {
      if (Array.isArray(list.scopes) && list.scopes.some((s) => s !== 'personal')) errors.push(`/bots/${i}/commandLists/${j}/scopes: only "personal" is allowed`);
    });
  });
  for (const key of OTHER_CAPABILITIES) if (key in m) errors.push(`/${key}: a bot-only app declares no ${key}`);
  if ('defaultInstallScope' in m && m.defaultInstallScope !== 'personal') errors.push('/defaultInstallScope: must be "personal"');
  const developer = isObject(m.developer) ? m.developer : {};
  for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) {
    const url = developer[key];
    if (typeof url === 'string' && !url.startsWith('https://')) errors.push(`/developer/${key}: must be an https:// URL`);
  }
  const icons = isObject(m.icons) ? m.icons : {};
  for (const [key, file] of Object.entries(ICON_FILES)) {
    if (key in icons && icons[key] !== file) errors.push(`/icons/${key}: must be "${file}" (the package holds its files at the root)`);
  }
  const domains = Array.isArray(m.validDomains) ? m.validDomains : [];
  domains.forEach((d, i) => {
    if (typeof d === 'string' && /[/:]/.test(d)) errors.push(`/validDomains/${i}: a bare host name, without scheme or path`);
  });
  return errors;
};

/**
 * Checks a Teams app manifest against the pinned official schema (offline) and this
 * project's rules. Returns readable errors, one per problem, each starting with the JSON
 * path it concerns; an empty array means the manifest is valid.
 */
export const validateManifest = (manifest: unknown): string[] => {
  if (!isObject(manifest)) return ['(root): the manifest must be a JSON object'];
  const validate = schemaValidator();
  const schemaErrors = validate(manifest) ? [] : (validate.errors ?? []).map(describe);
  return [...new Set([...placeholders(manifest), ...schemaErrors, ...projectRules(manifest)])];
};
