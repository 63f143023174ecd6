import { safeTurnError } from '../bot/turn-error.js';
import {
  type Activity,
  ActivityTypes,
  BotAdapter,
  type ConversationReference,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder';
import type { Logger } from '../logger.js';

/** The fields of a Twilio inbound-message webhook the bot uses (all form fields are strings). */
export interface TwilioInbound {
  From: string;
  To: string;
  Body: string;
  MessageSid: string;
}

export interface TwilioSmsAdapterOptions {
  log: Logger;
  /** The reviewed error text (it carries the crisis line), sent when a turn fails. */
  errorText: (context: TurnContext) => string;
  /** Twilio sends no locale; this one (e.g. DEFAULT_LOCALE) decides the helplines. Undefined leaves it to the core. */
  locale?: string;
  /**
   * REST send (e.g. Twilio's messages.create) for messages outside a webhook turn, such as
   * continueConversation. Webhook replies never use it: they go back as TwiML.
   */
  send?: (to: string, body: string) => Promise<void>;
}

const OUTBOX = Symbol('smsOutbox');

/** One inbound SMS as the message activity the bot reads: `sms` channel, and the sender's number as user and conversation. */
export const toSmsActivity = (inbound: TwilioInbound, locale?: string): Partial<Activity> => ({
  type: ActivityTypes.Message,
  id: inbound.MessageSid,
  timestamp: new Date(),
  channelId: 'sms',
  conversation: { id: inbound.From, isGroup: false, conversationType: 'personal', name: '' },
  from: { id: inbound.From, name: '', role: 'user' },
  recipient: { id: inbound.To, name: '', role: 'bot' },
  text: inbound.Body,
  textFormat: 'plain',
  locale,
});

/**
 * The self-hosted Twilio SMS channel: one webhook request is one turn, and the texts of the
 * bot's message replies are returned for the TwiML response. SMS has no typing indicator,
 * cards, updates or deletes; proactive messages need the injected REST `send`.
 */
export class TwilioSmsAdapter extends BotAdapter {
  constructor(private readonly options: TwilioSmsAdapterOptions) {
    super();
    for (const name of ['log', 'errorText'] as const) {
      if (!options?.[name]) throw new Error(`[TwilioSmsAdapter] ${name} is required`);
    }
    const { log, errorText } = options;
    this.onTurnError = safeTurnError(log, errorText);
  }

  /**
   * Runs one inbound SMS through `logic` and returns the bodies the bot sent, in order. A
   * failing turn still returns the error text; it rejects only if onTurnError itself fails.
   */
  async processWebhook(inbound: TwilioInbound, logic: (context: TurnContext) => Promise<void>): Promise<string[]> {
    const outbox: string[] = [];
    const context = new TurnContext(this, toSmsActivity(inbound, this.options.locale));
    context.turnState.set(OUTBOX, outbox);
    await this.runMiddleware(context, logic);
    return outbox;
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const outbox = context.turnState.get(OUTBOX) as string[] | undefined;
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      // Typing, traces, events and empty messages have no SMS form.
      if (activity.type !== ActivityTypes.Message || !activity.text) {
        responses.push({ id: '' });
        continue;
      }
      if (outbox) {
        outbox.push(activity.text);
        responses.push({ id: `twiml-${outbox.length}` });
        continue;
      }
      const to = activity.recipient?.id;
      if (!this.options.send || !to) throw new Error('[TwilioSmsAdapter] a message outside a webhook turn needs the REST send option');
      await this.options.send(to, activity.text);
      responses.push({ id: '' });
    }
    return responses;
  }

  async updateActivity(): Promise<void> {
    throw new Error('[TwilioSmsAdapter] a sent SMS cannot be updated');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('[TwilioSmsAdapter] a sent SMS cannot be deleted');
  }

  /** Runs `logic` for a known number; its messages go out through the REST `send` option. */
  async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation' },
      { ...reference, channelId: 'sms' },
      true,
    );
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}
