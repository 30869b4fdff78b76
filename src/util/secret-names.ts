/** Which setting names hold secrets, and the mask shown instead of their values. Pure. */

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
