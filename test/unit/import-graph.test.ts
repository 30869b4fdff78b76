/**
 * Imports point one way (docs/ARCHITECTURE.md): no file imports itself back through others at
 * run time, no folder of src/ reaches back to a folder that reaches it (type imports included:
 * a type is a dependency too), and the Kafka libraries are imported only by the client adapters.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

interface SourceFile {
  path: string;
  /** Relative imports that load the module at run time. */
  runtime: string[];
  /** Relative imports of types only (erased at build time). */
  typeOnly: string[];
  /** Package imports (bare specifiers). */
  packages: string[];
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /^\s*(?:import|export)\s+(type\s+)?([^;]*?)\s*from\s+'([^']+)'/gm;

function parse(path: string): SourceFile {
  const file: SourceFile = { path, runtime: [], typeOnly: [], packages: [] };
  for (const match of readFileSync(path, 'utf8').matchAll(IMPORT)) {
    const [, typeKeyword, clause = '', specifier = ''] = match;
    if (!specifier.startsWith('.')) {
      file.packages.push(specifier);
      continue;
    }
    const target = resolve(dirname(path), specifier.replace(/\.js$/, '.ts'));
    const onlyTypes = typeKeyword !== undefined || /^\{\s*(type\s+[\w$]+(\s+as\s+[\w$]+)?\s*,?\s*)+\}$/.test(clause.trim());
    (onlyTypes ? file.typeOnly : file.runtime).push(target);
  }
  return file;
}

const files = sourceFiles(SRC).map(parse);
const byPath = new Map(files.map((file) => [file.path, file]));
const name = (path: string): string => relative(SRC, path);
const folderOf = (path: string): string => name(path).split('/')[0]?.replace(/\.ts$/, '') ?? '';

/** Every cycle found by a depth-first walk of `edges`, as `a → b → a` strings. */
function cycles(nodes: string[], edges: (node: string) => string[]): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const found: string[] = [];
  const walk = (node: string, stack: string[]): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of edges(node)) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next].join(' → '));
      else if (!state.has(next)) walk(next, stack);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of nodes) if (!state.has(node)) walk(node, []);
  return found;
}

describe('imports point one way', () => {
  it('reads the sources it checks', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(byPath.get(join(SRC, 'cli', 'main.ts'))?.runtime.length).toBeGreaterThan(3);
  });

  it('has no circle of files at run time', () => {
    const found = cycles(
      files.map((file) => file.path),
      (path) => byPath.get(path)?.runtime ?? [],
    );
    expect(found.map((cycle) => cycle.split(' → ').map(name).join(' → '))).toEqual([]);
  });

  it('has no circle of folders, type imports included', () => {
    const folderEdges = new Map<string, Set<string>>();
    for (const file of files) {
      for (const target of [...file.runtime, ...file.typeOnly]) {
        const from = folderOf(file.path);
        const to = folderOf(target);
        if (from !== to) folderEdges.set(from, (folderEdges.get(from) ?? new Set()).add(to));
      }
    }
    expect(cycles([...folderEdges.keys()], (folder) => [...(folderEdges.get(folder) ?? [])])).toEqual([]);
  });

  it('imports the Kafka libraries only in the client adapters, and testcontainers only in the container cluster', () => {
    const kafka = files.filter((file) => file.packages.some((p) => p === 'kafkajs' || p.startsWith('@confluentinc/') || p.startsWith('@platformatic/'))).map((file) => name(file.path));
    expect(kafka.length).toBeGreaterThan(0);
    expect(kafka.filter((path) => !path.startsWith('clients/'))).toEqual([]);
    const containers = files.filter((file) => file.packages.some((p) => p === 'testcontainers')).map((file) => name(file.path));
    expect(containers).toEqual(['cluster/container-cluster.ts']);
  });
});
