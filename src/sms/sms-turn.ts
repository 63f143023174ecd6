import type { SupportBot } from '../bot/support-bot.js';
import type { Logger } from '../logger.js';
import { smsKeyword } from './keywords.js';
import { isMoreLine, smsPages, withoutMoreLine } from './pager.js';
import type { ReplyTap } from './reply-tap.js';
import { boundedMap, type KeyValueStore } from './stores.js';
import type { TwilioInbound, TwilioSmsAdapter } from './twilio-adapter.js';

export interface SmsTurnDeps {
  bot: SupportBot;
  adapter: TwilioSmsAdapter;
  /** Must wrap the core the bot was built with, or MORE has nothing to send. */
  tap: ReplyTap;
  log: Logger;
  /** Unsent pages of the last long reply, per number. Defaults to memory (10,000 numbers). */
  remainders?: KeyValueStore<string[]>;
  /** Numbers that texted STOP. Defaults to memory; share it when several instances run. */
  optOuts?: KeyValueStore<true>;
}

/** The SMS rules around SupportBot. Resolves to the bodies to send back, in order; empty means send nothing. */
export type SmsTurn = (inbound: TwilioInbound) => Promise<string[]>;

export const createSmsTurn = (deps: SmsTurnDeps): SmsTurn => {
  const { bot, adapter, tap, log } = deps;
  const remainders = deps.remainders ?? boundedMap<string[]>(10_000);
  const optOuts = deps.optOuts ?? new Map<string, true>();

  const runBot = async (inbound: TwilioInbound) => {
    const { value: sent, results } = await tap.record(() => adapter.processWebhook(inbound, (context) => bot.run(context)));
    const result = results.at(-1);
    const pages = result ? smsPages(result.reply, result.session.language) : [];
    if (!result && sent.some((text) => text.split('\n').some((line) => isMoreLine(line, 'en') || isMoreLine(line, 'es')))) {
      log.error('sms_pages_lost', { reason: 'core not wrapped by the reply tap' });
    }
    return { sent, pages, language: result?.session.language ?? 'en' };
  };

  return async (inbound) => {
    const number = inbound.From;
    const user = log.hashId(number);
    const keyword = smsKeyword(inbound.Body);

    if (keyword === 'stop') {
      await optOuts.set(number, true);
      await remainders.delete(number);
      log.info('sms_opt_out', { user });
      return [];
    }
    if (keyword === 'start') {
      await optOuts.delete(number);
      log.info('sms_opt_in', { user });
      return [];
    }
    if (await optOuts.get(number)) {
      log.info('sms_suppressed', { user });
      return [];
    }

    if (keyword === 'more') {
      const [next, ...rest] = (await remainders.get(number)) ?? [];
      if (next) {
        if (rest.length > 0) await remainders.set(number, rest);
        else await remainders.delete(number);
        log.info('sms_more', { user, left: rest.length });
        return [next];
      }
    }
    await remainders.delete(number);

    if (keyword === 'help') {
      // The reviewed help reply ends with the crisis line, so every page goes out now, not behind MORE.
      const { sent, pages, language } = await runBot({ ...inbound, Body: 'help' });
      log.info('sms_help', { user });
      return pages.length > 0 ? [...pages.map((page) => withoutMoreLine(page, language)), ...sent.slice(1)] : sent;
    }

    const { sent, pages } = await runBot(inbound);
    if (pages.length > 1) await remainders.set(number, pages.slice(1));
    return sent;
  };
};
