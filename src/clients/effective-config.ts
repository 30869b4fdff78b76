/**
 * Helpers shared by the client adapters for the configuration they report: secrets are
 * masked before anything reaches a report or a log.
 */

/** A flat client configuration as adapters report it. */
export type FlatConfig = Record<string, string | number | boolean>;

/** The mask that replaces secret values. */
export const REDACTED = '***';

const SECRET_KEY = /password|passwd|passphrase|secret|sasl|token|credential|key\.pem|private|(^|[._])auth([._]|$)|(^|[._])(api[._-]?)?key$/i;

/**
 * True for setting names whose values must never be shown (passwords, SASL, tokens, private
 * keys such as `ssl.keystore.key`, `basic.auth.user.info`, API keys).
 */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A copy of `config` with every secret value replaced by `***`. */
export function redactSecrets(config: FlatConfig): FlatConfig {
  const redacted: FlatConfig = {};
  for (const [key, value] of Object.entries(config)) redacted[key] = isSecretKey(key) ? REDACTED : value;
  return redacted;
}
