/**
 * Helpers shared by the client adapters for the configuration they report: secrets are
 * masked before anything reaches a report or a log.
 */

import { REDACTED, isSecretKey } from '../util/secret-names.js';

export { REDACTED, isSecretKey };

/** A flat client configuration as adapters report it. */
export type FlatConfig = Record<string, string | number | boolean>;

/** A copy of `config` with every secret value replaced by `***`. */
export function redactSecrets(config: FlatConfig): FlatConfig {
  const redacted: FlatConfig = {};
  for (const [key, value] of Object.entries(config)) redacted[key] = isSecretKey(key) ? REDACTED : value;
  return redacted;
}
