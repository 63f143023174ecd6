import { randomUUID } from 'node:crypto';
import {
  EventFactory,
  type ConversationState,
  type StatePropertyAccessor,
  TeamsActivityHandler,
  TurnContext,
  ActivityTypes,
  MessageFactory,
} from 'botbuilder';
import { formatForChannel } from '../channels/format.js';
import type { Core } from '../core/run-turn.js';
import { newSession, type Channel, type Language, type Reply, type SessionState } from '../core/types.js';
import type { StaffAlerts } from '../alerts/staff-alerts.js';
import type { Logger } from '../logger.js';

export interface SupportBotOptions {
  core: Core;
  conversationState: ConversationState;
  log: Logger;
  /** Renders the welcome (kind smalltalk) for a language; from the same reviewed responses. */
  welcome: (channel: Channel, locale: string | undefined, language?: Language) => Promise<Reply>;
  /** Best-effort staff notice on crisis and emergency; never delays the reply. */
  alerts?: StaffAlerts;
  /** Send a `handoff.initiate` event for an agent hub on escalation (off by default). */
  handoff?: boolean;
}

/** Per-conversation bookkeeping of the bot layer: an opaque case id and what staff were told. */
interface CaseState {
  id: string;
  alerted: string[];
}

const CHANNELS: Record<string, Channel> = { msteams: 'msteams', sms: 'sms', webchat: 'webchat', directline: 'webchat', emulator: 'webchat', test: 'webchat' };

/** Maps a Bot Framework channel id to the formatting it gets; unknown channels get webchat's. */
export const channelOf = (channelId: string | undefined): Channel => CHANNELS[channelId ?? ''] ?? 'webchat';

/**
 * Carries text in and replies out; the core decides everything. State is saved after
 * every turn, including turns that fail.
 */
export class SupportBot extends TeamsActivityHandler {
  private readonly session: StatePropertyAccessor<SessionState>;
  private readonly caseState: StatePropertyAccessor<CaseState>;

  constructor(private readonly options: SupportBotOptions) {
    super();
    for (const name of ['core', 'conversationState', 'log', 'welcome'] as const) {
      if (!options[name]) throw new Error(`[SupportBot] ${name} is required`);
    }
    this.session = options.conversationState.createProperty<SessionState>('session');
    this.caseState = options.conversationState.createProperty<CaseState>('case');

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const joined = (context.activity.membersAdded ?? []).some((m) => m.id !== context.activity.recipient?.id);
      const state = await this.session.get(context, newSession());
      if (joined && !state.disclaimerShown) {
        const channel = channelOf(context.activity.channelId);
        await this.send(context, await options.welcome(channel, context.activity.locale), channel);
        await this.session.set(context, { ...state, disclaimerShown: true });
      }
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    try {
      await super.run(context);
    } finally {
      await this.options.conversationState.saveChanges(context, false);
    }
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const started = Date.now();
    const channel = channelOf(context.activity.channelId);
    // Teams puts "<at>Bot</at>" in the text of channel messages; the core must not see it.
    const text = (TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '').trim();
    if (!text) return;
    const state = await this.session.get(context, newSession());
    const { reply, session } = await this.options.core.respond({ text, channel, locale: context.activity.locale }, state);
    await this.send(context, reply, channel, session.language);
    if (reply.kind === 'crisis' || reply.kind === 'emergency') await this.escalate(context, channel, reply.kind);
    let next = session;
    // SMS never sends conversationUpdate, so its first reply carries the disclaimer instead.
    if (!session.disclaimerShown && channel === 'sms') {
      await this.send(context, await this.options.welcome(channel, context.activity.locale, session.language), channel);
      next = { ...session, disclaimerShown: true };
    }
    await this.session.set(context, next);
    this.options.log.info('turn', {
      channel,
      kind: reply.kind,
      ruleIds: reply.ruleIds,
      articles: [...new Set(reply.citations.map((c) => c.id))],
      latencyMs: Date.now() - started,
      conversation: this.options.log.hashId(context.activity.conversation?.id),
      user: this.options.log.hashId(context.activity.from?.id),
    });
  }

  private async escalate(context: TurnContext, channel: Channel, kind: 'crisis' | 'emergency'): Promise<void> {
    const current = await this.caseState.get(context, { id: randomUUID(), alerted: [] });
    if (current.alerted.includes(kind)) return;
    this.options.alerts?.notify({ caseId: current.id, channel, kind });
    if (this.options.handoff) {
      await context.sendActivity(EventFactory.createHandoffInitiation(context, { caseId: current.id, kind }));
    }
    await this.caseState.set(context, { ...current, alerted: [...current.alerted, kind] });
  }

  private async send(context: TurnContext, reply: Reply, channel: Channel, language?: Language): Promise<void> {
    const message = formatForChannel(reply, channel, { language });
    const activity = message.suggestedActions.length > 0
      ? MessageFactory.suggestedActions(message.suggestedActions, message.text)
      : MessageFactory.text(message.text);
    activity.textFormat = message.textFormat;
    activity.type = ActivityTypes.Message;
    await context.sendActivity(activity);
  }
}
