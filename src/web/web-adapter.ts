import { safeTurnError } from '../bot/turn-error.js';
import { randomUUID } from 'node:crypto';
import {
  type Activity,
  ActivityTypes,
  BotAdapter,
  type ConversationReference,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder';
import type { Logger } from '../logger.js';

export interface WebAdapterOptions {
  log: Logger;
  /** The reviewed error text (it carries the crisis line), sent when a turn fails. */
  errorText: (context: TurnContext) => string;
}

const REPLIES = Symbol('webReplies');

// Not for the person: trace is for the Emulator, the rest are adapter control messages.
const NOT_SENT = new Set<string>([ActivityTypes.Trace, 'delay', ActivityTypes.InvokeResponse]);

/**
 * The self-hosted web channel: one HTTP request is one turn, and the bot's replies come back
 * in the response. No serviceUrl callbacks and no Bot Framework JWT, so the page needs no Azure.
 * A web conversation has no open connection between requests, so proactive messages,
 * updates and deletes are refused.
 */
export class WebAdapter extends BotAdapter {
  constructor(options: WebAdapterOptions) {
    super();
    for (const name of ['log', 'errorText'] as const) {
      if (!options?.[name]) throw new Error(`[WebAdapter] ${name} is required`);
    }
    const { log, errorText } = options;
    this.onTurnError = safeTurnError(log, errorText);
  }

  /**
   * Runs one turn and returns what the bot sent during it, in order. A failing turn still
   * returns the error text (from onTurnError); it rejects only if that handler itself fails.
   */
  async processActivity(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<Partial<Activity>[]> {
    const replies: Partial<Activity>[] = [];
    const context = new TurnContext(this, activity);
    context.turnState.set(REPLIES, replies);
    await this.runMiddleware(context, logic);
    return replies;
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const replies = context.turnState.get(REPLIES) as Partial<Activity>[] | undefined;
    if (!replies) throw new Error('[WebAdapter] replies can only be sent during processActivity');
    return activities.map((activity) => {
      if (NOT_SENT.has(activity.type ?? '')) return { id: '' };
      const id = randomUUID();
      replies.push({ ...activity, id, timestamp: new Date() });
      return { id };
    });
  }

  async updateActivity(): Promise<void> {
    throw new Error('[WebAdapter] updating a sent web reply is not supported');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('[WebAdapter] deleting a sent web reply is not supported');
  }

  async continueConversation(
    _reference: Partial<ConversationReference>,
    _logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    throw new Error('[WebAdapter] proactive messages need an open connection; the web channel has none');
  }
}
