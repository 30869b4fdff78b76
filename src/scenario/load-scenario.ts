/**
 * Loads a scenario file: bundles the TypeScript (or JavaScript) file with esbuild into one ES
 * module with its relative imports inlined, then imports and validates it in a worker thread.
 * Node 20 cannot import `.ts` itself; bundling takes about 15 ms and needs no loader hooks.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build, type BuildFailure, type Message, type Plugin } from 'esbuild';
import { errorMessage, KbenchError } from '../errors.js';
import type { ScenarioInput } from './scenario-types.js';
import { compiledScriptPath } from '../paths.js';
import type { LoaderAnswer } from './scenario-loader-worker.js';

/** A scenario read from its file and found valid. */
export interface LoadedScenario {
  scenario: ScenarioInput;
  /** Absolute path of the scenario file. */
  file: string;
}

const SCENARIO_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];
const EXPORT_HINT = 'export default defineScenario({ ... })';

/** The kbench folder (the one with package.json), found from this module's own location. */
const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

/**
 * Loads, bundles, evaluates and validates the scenario file at `path` (relative to the current
 * directory). Throws a usage KbenchError (exit code 2) when the file is missing, does not compile,
 * throws while loading, exports no scenario, or is not a valid scenario (one detail line per problem).
 */
export async function loadScenario(path: string, options: { loadTimeoutMs?: number } = {}): Promise<LoadedScenario> {
  const file = resolve(process.cwd(), path);
  const shown = displayPath(file);
  if (!existsSync(file)) throw new KbenchError('usage', `scenario file not found: ${path}`, { hint: scenariosHint(join(projectRoot, 'scenarios')) });
  if (statSync(file).isDirectory()) {
    throw new KbenchError('usage', `${path} is a folder, not a scenario file`, { hint: scenariosHint(file) });
  }
  if (!SCENARIO_EXTENSIONS.includes(extname(file))) {
    throw new KbenchError('usage', `${shown} is not a scenario file: expected ${SCENARIO_EXTENSIONS.join(', ')}`, {
      hint: scenariosHint(join(projectRoot, 'scenarios')),
    });
  }
  const code = await bundle(file, shown);
  const answer = await loadInThread(file, shown, code, options.loadTimeoutMs ?? SCENARIO_LOAD_TIMEOUT_MS);
  if (answer.exported !== 'object') {
    throw new KbenchError('usage', `${shown} does not export a scenario`, {
      details: [answer.exported === 'none' ? 'it has no default export' : `its default export is ${answer.exported}`],
      hint: EXPORT_HINT,
    });
  }
  if (answer.issues.length > 0) {
    throw new KbenchError('usage', `${shown} is not a valid scenario (${answer.issues.length} ${answer.issues.length === 1 ? 'problem' : 'problems'})`, {
      details: answer.issues.map((issue) => `${issue.path}: ${issue.message}`),
      hint: 'each field is documented in the scenario schema, src/scenario/schema/ (hover it in your editor); `kbench validate <file>` checks a scenario without running it',
    });
  }
  return { scenario: answer.scenario as ScenarioInput, file };
}

/** One ES module with the file's relative imports (and `kbench` itself) inlined; packages stay external. */
async function bundle(file: string, shown: string): Promise<string> {
  try {
    const result = await build({
      entryPoints: [file],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      packages: 'external',
      plugins: [selfImportPlugin()],
    });
    const output = result.outputFiles[0];
    if (output === undefined) throw new Error(`esbuild produced no output for ${file}`);
    return output.text;
  } catch (error) {
    if (!isBuildFailure(error)) throw error;
    const errors = error.errors;
    throw new KbenchError('usage', `${shown} does not compile (${errors.length} ${errors.length === 1 ? 'error' : 'errors'})`, {
      details: errors.map((message) => formatMessage(message, shown)),
      hint: 'fix the file at the place shown (your editor shows the same errors)',
      cause: error,
    });
  }
}

/** `import { defineScenario } from 'kbench'` resolves to this copy of kbench, and is bundled. */
function selfImportPlugin(): Plugin {
  const here = dirname(fileURLToPath(import.meta.url));
  const index = [join(here, '..', 'index.ts'), join(here, '..', 'index.js')].find((candidate) => existsSync(candidate));
  return {
    name: 'kbench-self-import',
    setup(pluginBuild) {
      if (index === undefined) return;
      pluginBuild.onResolve({ filter: /^kbench$/ }, () => ({ path: index }));
    },
  };
}

/** Bound on a scenario file's own code running at import. */
export const SCENARIO_LOAD_TIMEOUT_MS = 10_000;
/** Bound on validating what it exported (100,000 producer groups take about 2 s on one core). */
const SCENARIO_VALIDATION_TIMEOUT_MS = 60_000;

/**
 * Writes the bundle under `node_modules/.cache/kbench/scenarios/` (named by its content hash, so
 * concurrent loads never clash and bare imports still resolve from the project) and has a worker
 * thread import and validate it (`scenario-loader-worker.ts`): the file's code never runs in
 * kbench's own thread, may not end kbench, and gets `loadTimeoutMs` to export its scenario.
 */
async function loadInThread(file: string, shown: string, code: string, loadTimeoutMs: number): Promise<Extract<LoaderAnswer, { kind: 'loaded' }>> {
  const folder = join(projectRoot, 'node_modules', '.cache', 'kbench', 'scenarios');
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const bundled = join(folder, `${basename(file, extname(file))}-${hash}.mjs`);
  if (!existsSync(bundled)) {
    mkdirSync(folder, { recursive: true });
    const partial = `${bundled}.${process.pid}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, bundled);
  }
  const answer = await new Promise<LoaderAnswer>((resolveAnswer, reject) => {
    const worker = new Worker(compiledScriptPath('scenario/scenario-loader-worker.js'), { workerData: { bundled }, stdout: false, stderr: false });
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Whatever the file left running (timers, sockets) ends with its thread.
      void worker.terminate();
      outcome();
    };
    const giveUp = (what: string, hint: string) => () => settle(() => reject(new KbenchError('usage', `${shown} ${what}`, { hint })));
    let timer = setTimeout(
      giveUp(`did not finish loading within ${loadTimeoutMs / 1000} s`, 'a loop or a top-level await that never ends? a scenario file should export its scenario at once'),
      loadTimeoutMs,
    );
    worker.on('message', (message: LoaderAnswer) => {
      if (message.kind !== 'imported') {
        settle(() => resolveAnswer(message));
        return;
      }
      // Exported: validating it has a bound of its own (a getter could still loop).
      clearTimeout(timer);
      timer = setTimeout(giveUp(`could not be read within ${SCENARIO_VALIDATION_TIMEOUT_MS / 1000} s`, 'a getter that never returns? a scenario is plain data'), SCENARIO_VALIDATION_TIMEOUT_MS);
    });
    worker.once('error', (error) => settle(() => resolveAnswer({ kind: 'threw', message: errorMessage(error) })));
    worker.once('exit', (exitCode) =>
      settle(() =>
        reject(new KbenchError('usage', `${shown} called process.exit(${exitCode}) while loading`, { hint: 'a scenario file only describes a run: remove the call' })),
      ),
    );
  });
  if (answer.kind === 'loaded') return answer;
  if (answer.kind === 'imported') throw new Error('unreachable: the loader settles on its last answer only');
  if (answer.kind === 'not-data') {
    throw new KbenchError('usage', `${shown} does not export plain data: ${answer.message}`, {
      hint: 'a scenario is an object of plain values (strings, numbers, booleans, arrays, objects): no functions, classes or proxies',
    });
  }
  const missing = answer.code === 'ERR_MODULE_NOT_FOUND' ? /Cannot find (?:package|module) '([^']+)'/.exec(answer.message)?.[1] : undefined;
  if (missing !== undefined) {
    // Node's message names the bundle in kbench's cache, not the user's file.
    throw new KbenchError('usage', `${shown} imports "${missing}", which is not installed`, {
      hint: 'install the package in this project, or import a file by its relative path (./shared.js)',
    });
  }
  throw new KbenchError('usage', `${shown} failed while loading: ${answer.message}`, {
    hint: 'the scenario file runs when kbench loads it: fix the code that threw',
  });
}

/** `file:line:column: text`, with a 1-based column as editors count. */
function formatMessage(message: Message, shown: string): string {
  const location = message.location;
  if (location === null) return `${shown}: ${message.text}`;
  return `${location.file}:${location.line}:${location.column + 1}: ${message.text}`;
}

function isBuildFailure(error: unknown): error is BuildFailure {
  return error instanceof Error && Array.isArray((error as Partial<BuildFailure>).errors);
}

/** The scenario files (and sub-folders) of `folder`, for hints. */
function scenariosHint(folder: string): string {
  const entries = existsSync(folder) ? readdirSync(folder, { withFileTypes: true }) : [];
  const names = entries
    .filter((entry) => entry.isDirectory() || SCENARIO_EXTENSIONS.includes(extname(entry.name)))
    .map((entry) => `${displayPath(join(folder, entry.name))}${entry.isDirectory() ? '/' : ''}`)
    .sort();
  if (names.length === 0) return 'pass the path of a scenario file, e.g. kbench run scenarios/acks-all.ts';
  const listed = names.slice(0, 12);
  return `try one of: ${listed.join(', ')}${names.length > listed.length ? ', …' : ''}`;
}

/** Relative to the current directory when inside it, absolute otherwise. */
function displayPath(file: string): string {
  const fromCwd = relative(process.cwd(), file);
  return fromCwd !== '' && !fromCwd.startsWith('..') && !isAbsolute(fromCwd) ? fromCwd : file;
}

function findProjectRoot(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) return process.cwd();
  }
}
