/**
 * Why talking to a broker failed, in words a user can act on, from a kafkajs error: a dead or
 * wrong address, a TLS problem (untrusted certificate, host name mismatch, a listener that is
 * not TLS or that is), a SASL problem (wrong password, mechanism not enabled, a listener that
 * wants SASL or does not). Pure.
 */
import { securityProtocol, type ConnectionSecurity } from './connection-security.js';

export class ProbeTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs / 1000} s`);
  }
}

type ErrorDetails = { code?: unknown; broker?: unknown; message?: unknown; cause?: unknown; type?: unknown; name?: unknown } | null;

/** The innermost error that says which broker failed (kafkajs wraps it once per retry layer). */
function connectionError(error: unknown): ErrorDetails {
  let current = error as ErrorDetails;
  for (let depth = 0; current !== null && typeof current === 'object' && depth < 5; depth++) {
    if (current.broker !== undefined || current.code !== undefined) return current;
    current = (current.cause ?? null) as ErrorDetails;
  }
  return error as ErrorDetails;
}

/** Every message along an error's `cause` chain, for matching. */
function allMessages(error: unknown): string {
  const parts: string[] = [];
  let current = error as ErrorDetails;
  for (let depth = 0; current !== null && current !== undefined && depth < 6; depth++) {
    if (typeof current === 'object') {
      if (typeof current.message === 'string') parts.push(current.message);
      if (typeof current.type === 'string') parts.push(current.type);
      if (typeof current.code === 'string') parts.push(current.code);
      current = (current.cause ?? null) as ErrorDetails;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(' | ');
}

/** Short reasons for the socket errors a wrong or dead address gives. */
const REASON_BY_CODE: Record<string, string> = {
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNREFUSED: 'connection refused (nothing listens there)',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
};

/** TLS verification failures (Node's codes) that mean: the certificate's issuer is not trusted. */
const UNTRUSTED_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
]);

function hostOf(address: string): string {
  const colon = address.lastIndexOf(':');
  return colon > 0 ? address.slice(0, colon) : address;
}

/** The TLS and SASL part of a problem, or undefined when the error is not about them. */
function securityReason(error: unknown, code: string | undefined, text: string, address: string, security: ConnectionSecurity | undefined): string | undefined {
  const protocol = security ? securityProtocol(security) : 'PLAINTEXT';
  const tls = security?.tls !== undefined;
  const sasl = security?.sasl;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || /Hostname\/IP does not match certificate/i.test(text)) {
    const names = /cert's altnames: ([^|\n]*)/.exec(text)?.[1] ?? /is not in the cert's list: ([^|\n]*)/.exec(text)?.[1];
    return `host name mismatch: the broker's certificate does not name ${hostOf(address)}${names ? ` (it names ${names.trim()})` : ''} — connect by a name the certificate carries, or (test clusters only) turn off tls.verifyHostname`;
  }
  if ((code !== undefined && UNTRUSTED_CODES.has(code)) || /self[- ]signed certificate|unable to (verify|get).*(certificate|issuer)/i.test(text)) {
    return `untrusted certificate: the broker's certificate is not signed by an authority kbench trusts (${security?.tls?.caFile ? `tls.caFile ${security.tls.caFile}` : "the system's trust store"}) — give the cluster's CA with tls.caFile / --tls-ca`;
  }
  if (code === 'CERT_HAS_EXPIRED' || /certificate has expired/i.test(text)) return "the broker's certificate has expired";
  if (code === 'CERT_NOT_YET_VALID') return "the broker's certificate is not valid yet (check the clocks)";
  if (/wrong version number|packet length too long|unknown protocol|disconnected before secure TLS connection|ERR_SSL_/i.test(text)) {
    return 'the TLS handshake failed: the listener does not speak TLS (a PLAINTEXT or SASL_PLAINTEXT listener?) — drop the TLS settings or use the cluster\'s TLS port';
  }
  if (/UNSUPPORTED_SASL_MECHANISM|mechanism is not supported/i.test(text)) {
    return `SASL mechanism ${sasl ? sasl.mechanism.toUpperCase() : '?'} is not enabled on this listener (the brokers' sasl.enabled.mechanisms) — use one it enables`;
  }
  if (/ILLEGAL_SASL_STATE|not valid given the current SASL state/i.test(text)) {
    return 'the listener does not use SASL (a PLAINTEXT or SSL listener?) — drop the SASL settings or use the cluster\'s SASL port';
  }
  if (/SASL_AUTHENTICATION_FAILED|SASLAuthenticationError|authentication failed|invalid credentials/i.test(text)) {
    const user = sasl && sasl.mechanism !== 'oauthbearer' ? (typeof sasl.username === 'string' ? ` for user "${sasl.username}"` : '') : '';
    const what = sasl?.mechanism === 'oauthbearer' ? 'the token was refused (expired, or not valid for this cluster)' : 'wrong user name or password';
    return `authentication failed${user} with SASL ${sasl ? sasl.mechanism.toUpperCase() : ''}: ${what}`;
  }
  if (!tls && /Connection closed|Closed connection|ECONNRESET|socket hang up/i.test(text)) {
    return `connection closed by the broker (kbench spoke ${protocol}): the listener may want TLS or SASL — give --tls / --sasl-… settings, or use its ${protocol} port`;
  }
  if (tls && !sasl && /Connection closed|Closed connection|ECONNRESET/i.test(text)) {
    return 'connection closed by the broker after the TLS handshake: the listener may want SASL (SASL_SSL) — give the --sasl-… settings';
  }
  if (error instanceof ProbeTimeout && !tls) {
    return `no Kafka answer within ${error.timeoutMs / 1000} s: is it a TLS listener? (kbench spoke ${protocol}: give --tls)`;
  }
  return undefined;
}

/**
 * Why talking to `address` failed, from a kafkajs error (or a probe timeout). When the failing
 * connection was to another broker than `address`, the address answered but the cluster
 * advertises brokers that cannot be reached from here (`advertised.listeners`).
 */
export function connectionProblem(error: unknown, address: string, security?: ConnectionSecurity): string {
  const details = connectionError(error);
  const message = typeof details?.message === 'string' ? details.message : String(error);
  const code = typeof details?.code === 'string' ? details.code : undefined;
  const text = allMessages(error);
  let reason = securityReason(error, code, text, address, security);
  if (reason === undefined) {
    if (error instanceof ProbeTimeout) reason = `no Kafka answer within ${error.timeoutMs / 1000} s (is it a Kafka listener with these TLS and SASL settings?)`;
    else if (code !== undefined && REASON_BY_CODE[code] !== undefined) reason = REASON_BY_CODE[code] as string;
    else if (code === 'ECONNRESET') reason = 'connection reset (is it a Kafka listener with these TLS and SASL settings?)';
    else if (/Connection timeout/i.test(message)) reason = 'connection timed out';
    else if (/Connection closed by the server|Closed connection/i.test(message)) reason = 'connection closed by the other side (is it a Kafka listener with these TLS and SASL settings?)';
    else reason = message.replace(/^Connection error: /, '');
  }
  const broker = typeof details?.broker === 'string' ? details.broker : undefined;
  if (broker !== undefined && broker !== address) {
    return `answered, but the cluster advertises the broker ${broker}, which fails from here: ${reason} (check the brokers' advertised.listeners)`;
  }
  return reason;
}
