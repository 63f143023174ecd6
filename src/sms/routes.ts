import type restify from 'restify';
import twilio from 'twilio';
import { createSmsTurn, type SmsTurnDeps } from './sms-turn.js';
import { sendTwiml } from './twiml.js';
import type { TwilioInbound } from './twilio-adapter.js';

export interface SmsRoutesDeps extends SmsTurnDeps {
  /** TWILIO_AUTH_TOKEN. Without it (or publicUrl) the route answers 503 and processes nothing. */
  authToken?: string;
  /** SMS_PUBLIC_URL: exactly the URL set in the Twilio console (scheme, host, path, query); the signature covers it. */
  publicUrl?: string;
  /**
   * Optional per-number limit (e.g. http/rate-limit.ts keyed by `smsFrom`), checked only after the
   * signature, so a forged sender cannot use up a real person's allowance. False means it replied.
   */
  rateLimit?: (req: restify.Request, res: restify.Response) => boolean;
}

type FormParams = Record<string, string | string[]>;

// The raw body, not restify's qs parse: Twilio signs the flat form fields exactly as sent.
const formParams = (req: restify.Request): FormParams => {
  const raw = (req as { rawBody?: unknown }).rawBody;
  if (typeof raw !== 'string') return {};
  const params: FormParams = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const seen = params[key];
    params[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return params;
};

const field = (params: FormParams, name: string): string | undefined => {
  const value = params[name];
  return typeof value === 'string' ? value : undefined;
};

const toInbound = (params: FormParams): TwilioInbound | undefined => {
  const [From, To, MessageSid] = [field(params, 'From'), field(params, 'To'), field(params, 'MessageSid')];
  return From && To && MessageSid ? { From, To, MessageSid, Body: field(params, 'Body') ?? '' } : undefined;
};

/** The sender's number of a Twilio webhook request, for keying a rate limit; undefined if absent. */
export const smsFrom = (req: restify.Request): string | undefined => field(formParams(req), 'From');

const sendText = (res: restify.Response, status: number, text: string) =>
  res.sendRaw(status, text, { 'Content-Type': 'text/plain; charset=utf-8' });

/**
 * Registers the self-hosted Twilio webhook, POST /api/sms: checks X-Twilio-Signature against
 * the configured public URL (403 without a valid one), applies STOP/START/HELP/MORE and
 * answers with TwiML. Never logs numbers or message text.
 */
export const smsRoutes = (deps: SmsRoutesDeps) => (server: restify.Server): void => {
  const { log, authToken, publicUrl } = deps;
  const smsTurn = createSmsTurn(deps);

  server.post('/api/sms', async (req, res) => {
    if (!authToken || !publicUrl) {
      sendText(res, 503, 'SMS not configured');
      return;
    }
    const params = formParams(req);
    const signature = req.header('x-twilio-signature');
    if (!signature || !twilio.validateRequest(authToken, signature, publicUrl, params)) {
      log.info('sms_rejected', { reason: signature ? 'bad_signature' : 'no_signature' });
      sendText(res, 403, 'Forbidden');
      return;
    }
    const inbound = toInbound(params);
    if (!inbound) {
      log.info('sms_rejected', { reason: 'not_a_message' });
      sendText(res, 400, 'expected an inbound message');
      return;
    }
    if (deps.rateLimit && !deps.rateLimit(req, res)) return;
    try {
      sendTwiml(res, await smsTurn(inbound));
    } catch (error) {
      log.error('sms_failed', { code: (error as { code?: string }).code ?? (error as Error).name });
      sendText(res, 500, 'SMS turn failed');
    }
  });
};
