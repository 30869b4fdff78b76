/** `--ksql-url` and the ksqlDB credentials on the command line (cli/ksql-options.ts): secrets only as variable or file names. */
import { describe, expect, it } from 'vitest';
import { parseKsqlOptions } from '../../src/cli/ksql-options.js';

describe('parseKsqlOptions', () => {
  it('gives nothing without --ksql-url, and the URL alone without credentials', () => {
    expect(parseKsqlOptions({})).toBeUndefined();
    expect(parseKsqlOptions({ ksqlUrl: 'http://localhost:8088' })).toEqual({ url: 'http://localhost:8088' });
  });

  it('reads the user and where the password is, never the password', () => {
    expect(parseKsqlOptions({ ksqlUrl: 'https://ksql:8088', ksqlUser: 'kbench', ksqlPasswordEnv: 'KSQL_PASSWORD' })).toEqual({
      url: 'https://ksql:8088',
      auth: { username: 'kbench', password: { env: 'KSQL_PASSWORD' } },
    });
    expect(parseKsqlOptions({ ksqlUrl: 'http://k:8088', ksqlUserEnv: 'KSQL_USER', ksqlPasswordFile: 'secrets/ksql' }, '/home/me')).toEqual({
      url: 'http://k:8088',
      auth: { username: { env: 'KSQL_USER' }, password: { file: '/home/me/secrets/ksql' } },
    });
  });

  it('refuses a password on the command line, in the URL, or a value where a variable name goes', () => {
    expect(() => parseKsqlOptions({ ksqlUrl: 'http://k:8088', ksqlPassword: 'hunter22' })).toThrow(/--ksql-password is not accepted/);
    expect(() => parseKsqlOptions({ ksqlUrl: 'http://u:hunter22@k:8088' })).toThrow(/carries credentials/);
    expect(() => parseKsqlOptions({ ksqlUrl: 'http://k:8088', ksqlUser: 'kbench', ksqlPasswordEnv: 'hunter 22!' })).toThrow(/not its value/);
  });

  it('refuses incomplete or contradictory settings', () => {
    expect(() => parseKsqlOptions({ ksqlUser: 'kbench', ksqlPasswordEnv: 'P' })).toThrow(/need --ksql-url/);
    expect(() => parseKsqlOptions({ ksqlUrl: 'http://k:8088', ksqlUser: 'kbench' })).toThrow(/--ksql-password-env/);
    expect(() => parseKsqlOptions({ ksqlUrl: 'http://k:8088', ksqlPasswordEnv: 'P' })).toThrow(/--ksql-user/);
    expect(() => parseKsqlOptions({ ksqlUrl: 'http://k:8088', ksqlUser: 'a', ksqlUserEnv: 'B', ksqlPasswordEnv: 'P' })).toThrow(/not both/);
    expect(() => parseKsqlOptions({ ksqlUrl: 'ftp://k:8088' })).toThrow(/http/);
  });
});
