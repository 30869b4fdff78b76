import { readFileSync } from 'node:fs';

/** kbench's own version, from its package.json. */
export function kbenchVersion(): string {
  const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return packageJson.version;
}
