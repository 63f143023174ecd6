import type { Response } from 'restify';
import twilio from 'twilio';

/** TwiML with one <Message> per body, XML-escaped; no bodies gives `<Response/>` (Twilio sends nothing). */
export const toTwiml = (bodies: string[]): string => {
  const response = new twilio.twiml.MessagingResponse();
  for (const body of bodies) response.message(body);
  return response.toString();
};

/** Answers a Twilio webhook request with TwiML (also usable by a rate limiter's limit reply). */
export const sendTwiml = (res: Response, bodies: string[]): void => {
  res.sendRaw(200, toTwiml(bodies), { 'Content-Type': 'text/xml; charset=utf-8', 'Cache-Control': 'no-store' });
};
