import { z } from 'zod';

const optional = z.string().trim().optional().transform((v) => (v ? v : undefined));

/** Every environment key the bot reads; `.env.example` lists exactly these. */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default('0.0.0.0'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  KNOWLEDGE_DIR: z.string().default('knowledge'),
  PROMPTS_DIR: z.string().default('prompts'),
  INDEX_DIR: z.string().default('.cache/index'),
  DEFAULT_LOCALE: z.string().default('en-US'),
  MicrosoftAppId: optional,
  MicrosoftAppPassword: optional,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional().or(z.literal('').transform(() => undefined)),
  MicrosoftAppTenantId: optional,
  LOG_HASH_KEY: optional,
  BLOB_CONNECTION_STRING: optional,
  BLOB_CONTAINER: z.string().default('bot-state'),
  STAFF_ALERT_WEBHOOK_URL: optional.pipe(z.string().url().optional()),
  STAFF_TEAMS_SERVICE_URL: optional.pipe(z.string().url().optional()),
  STAFF_TEAMS_CONVERSATION_ID: optional,
  HANDOFF_ENABLED: z.enum(['true', 'false', '']).default('false').transform((v) => v === 'true'),
  DIRECT_LINE_SECRET: optional,
  TWILIO_AUTH_TOKEN: optional,
  SMS_PUBLIC_URL: optional.pipe(z.string().url().optional()),
  LLM_BASE_URL: optional.pipe(z.string().url().optional()),
  LLM_API_KEY: optional,
  LLM_MODEL: optional,
  WEB_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  SMS_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  RETRIEVAL_STRONG_SIMILARITY: z.coerce.number().min(0).max(1).default(0.5),
  RETRIEVAL_WEAK_SIMILARITY: z.coerce.number().min(0).max(1).default(0.3),
  RETRIEVAL_MIN_LEXICAL: z.coerce.number().min(0).default(4),
});

export type Config = Readonly<z.infer<typeof ConfigSchema>>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once. The only place that reads process.env. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nSee .env.example for every key.`);
  }
  return Object.freeze(parsed.data);
};
