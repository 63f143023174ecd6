import { createHmac, randomBytes } from 'node:crypto';

/** Fields a log line may carry. Message text and raw ids (phone numbers on SMS) never belong here. */
export interface LogFields {
  [key: string]: string | number | boolean | string[] | undefined;
}

export interface Logger {
  info(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** Keyed hash of a conversation or user id, stable for one key. */
  hashId(id: string | undefined): string | undefined;
}

/**
 * Structured JSON lines on stderr. Ids are hashed with a secret key (LOG_HASH_KEY, or a
 * random one per process), so SMS phone numbers cannot be recovered from logs.
 */
export const createLogger = (options: { hashKey?: string; write?: (line: string) => void } = {}): Logger => {
  const key = options.hashKey ?? randomBytes(32).toString('hex');
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const emit = (level: string, event: string, fields: LogFields = {}) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }));
  return {
    info: (event, fields) => emit('info', event, fields),
    error: (event, fields) => emit('error', event, fields),
    hashId: (id) => (id ? createHmac('sha256', key).update(id).digest('hex').slice(0, 16) : undefined),
  };
};
