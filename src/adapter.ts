import { safeTurnError } from './bot/turn-error.js';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

/**
 * CloudAdapter with a safe onTurnError: the person always gets the reviewed error text
 * (which carries the crisis line), the log gets an error code, never developer text or
 * the message.
 */
export const createAdapter = (
  config: Pick<Config, 'MicrosoftAppId' | 'MicrosoftAppPassword' | 'MicrosoftAppType' | 'MicrosoftAppTenantId'>,
  log: Logger,
  errorText: (context: TurnContext) => string,
): CloudAdapter => {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType ?? '',
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  } as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = safeTurnError(log, errorText);
  return adapter;
};
