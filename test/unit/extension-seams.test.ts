/**
 * Adding a client or a load shape takes its own files and one registration line
 * (docs/ARCHITECTURE.md, "Adding things"): no other source file may name a client or branch on a
 * load shape. The report's load variants are the exception the architecture names: the report is
 * a public contract, so a new shape is added to it on purpose.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLIENT_NAMES } from '../../src/clients/client-registry.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The file's code without its comments (a comment may mention a client as an example). */
function code(path: string): string {
  return readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
    // Importing a library is not naming a client (kbench's admin tools use kafkajs whatever the client).
    .replace(/from\s+'[^']*'/g, '');
}

const files = sourceFiles(SRC).map((path) => ({ path: relative(SRC, path), code: code(path) }));

describe('extension seams', () => {
  it('names each client only in its own files, the registry and the peers comparison', () => {
    const offenders: string[] = [];
    for (const client of CLIENT_NAMES) {
      const literal = new RegExp(`['"\`]${client}['"\`]`);
      for (const file of files) {
        const own = file.path.startsWith(`clients/${client}-`) || file.path === 'clients/client-registry.ts' || file.path.startsWith('peers/');
        if (!own && literal.test(file.code)) offenders.push(`${file.path} names "${client}"`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('branches on a load\'s type only in the shapes\' own files and in the report contract', () => {
    const REPORT_CONTRACT = ['report/report-scenario-types.ts', 'report/report-scenario-shape.ts', 'runner/report-scenario.ts', 'report/html/setup-sections.ts', 'report/assess-saturation.ts'];
    const branch = /\bload\??\.type\s*(===|!==)|switch\s*\(\s*[\w.]*load\.type\s*\)/;
    const offenders = files.filter((file) => !file.path.startsWith('workload/loads/') && !REPORT_CONTRACT.includes(file.path) && branch.test(file.code)).map((file) => file.path);
    expect(offenders).toEqual([]);
  });
});
