import { MemoryStorage, type Storage } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';

/**
 * Conversation state storage: memory for one process, Azure Blob storage when a connection
 * string is set, so several bot instances behind Azure Bot Service share one conversation's
 * crisis flag.
 */
export const createStorage = (options: { connectionString?: string; container?: string }): Storage =>
  options.connectionString ? new BlobsStorage(options.connectionString, options.container ?? 'bot-state') : new MemoryStorage();
