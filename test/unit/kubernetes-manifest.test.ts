/**
 * The Kubernetes manifests of docs/kubernetes/, checked offline (no cluster, no kubectl):
 * - every YAML document against the Kubernetes API models of @kubernetes/client-node (generated
 *   from the API's OpenAPI document): each field must be one of its type's attributes, with the
 *   right JSON type, and the fields the models declare required must be there; the YAML must read
 *   the same under YAML 1.1 (Kubernetes' parser) and 1.2;
 * - what the manifests mean for kbench: an Indexed Job whose completions, parallelism and
 *   `--shard …/N` agree, no retried shard, every `$(VAR)` of a command line defined, every
 *   ConfigMap key and volume referred to present, and each shard's command line parsed by kbench's
 *   own `run` command and resolved into that shard's plan (the scenario from the ConfigMap included);
 * - that the merge Job reads exactly the files the shards write;
 * - and the Dockerfile the manifests rely on (entrypoint, user, `kbench` on the PATH).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as k8s from '@kubernetes/client-node';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadPlan, type PlanOptions } from '../../src/cli/plan-options.js';
import { registerRunCommand } from '../../src/cli/run-command.js';
import { applyShardOptions, type ShardOptions } from '../../src/cli/shard-options.js';
import { registerMergeCommand } from '../../src/cli/merge-command.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const folder = join(root, 'docs', 'kubernetes');

// ---------------------------------------------------------------------------------------------
// Validation against the models
// ---------------------------------------------------------------------------------------------

interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}
interface ModelClass {
  getAttributeTypeMap(): Attribute[];
}

const modelsFolder = join(dirname(createRequire(import.meta.url).resolve('@kubernetes/client-node')), 'gen', 'models');
/** The models' OpenAPI version, from the generated files' header ("OpenAPI spec version: v1.34.0"). */
const MODELS_VERSION = /OpenAPI spec version: (v[\d.]+)/.exec(readFileSync(join(modelsFolder, 'V1Job.js'), 'utf8'))?.[1];

function model(type: string): ModelClass | undefined {
  const candidate = (k8s as unknown as Record<string, unknown>)[type];
  return typeof candidate === 'function' && typeof (candidate as Partial<ModelClass>).getAttributeTypeMap === 'function' ? (candidate as unknown as ModelClass) : undefined;
}

const requiredCache = new Map<string, string[]>();
/** The attributes a model declares without `?` in its generated declaration file: the API's required fields. */
function requiredFields(type: string): string[] {
  let fields = requiredCache.get(type);
  if (fields === undefined) {
    const declaration = readFileSync(join(modelsFolder, `${type}.d.ts`), 'utf8');
    fields = [...declaration.matchAll(/^\s+'([A-Za-z0-9_$]+)': /gm)].map((match) => match[1] as string);
    requiredCache.set(type, fields);
  }
  return fields;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every problem of `value` read as the model type `type` (as the models spell types), with its path. */
function validateAgainstModel(value: unknown, type: string, path: string, issues: string[] = []): string[] {
  const shown = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'string' ? JSON.stringify(v) : `${typeof v} ${JSON.stringify(v)}`);
  const array = /^Array<(.+)>$/.exec(type);
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (value === null || value === undefined) {
    issues.push(`${path}: no value (null); expected ${type}`);
  } else if (array) {
    if (!Array.isArray(value)) issues.push(`${path}: expected a list of ${array[1]}, got ${shown(value)}`);
    else value.forEach((item, index) => validateAgainstModel(item, array[1] as string, `${path}[${index}]`, issues));
  } else if (map) {
    if (!isPlainObject(value)) issues.push(`${path}: expected a map of ${map[1]}, got ${shown(value)}`);
    else for (const [key, item] of Object.entries(value)) validateAgainstModel(item, map[1] as string, `${path}.${key}`, issues);
  } else if (type === 'string') {
    if (typeof value !== 'string') issues.push(`${path}: expected a string, got ${shown(value)}`);
  } else if (type === 'number') {
    if (typeof value !== 'number' || !Number.isInteger(value)) issues.push(`${path}: expected an integer, got ${shown(value)}`);
  } else if (type === 'boolean') {
    if (typeof value !== 'boolean') issues.push(`${path}: expected true or false, got ${shown(value)}`);
  } else if (type === 'IntOrString') {
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) issues.push(`${path}: expected an integer or a string, got ${shown(value)}`);
  } else if (type === 'Date') {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) issues.push(`${path}: expected a time (RFC 3339), got ${shown(value)}`);
  } else if (type === 'any') {
    // RawExtension and the like: anything.
  } else {
    const modelClass = model(type);
    if (modelClass === undefined) {
      issues.push(`${path}: no model ${type} in @kubernetes/client-node`);
    } else if (!isPlainObject(value)) {
      issues.push(`${path}: expected an object (${type}), got ${shown(value)}`);
    } else {
      const attributes = modelClass.getAttributeTypeMap();
      for (const [key, item] of Object.entries(value)) {
        const attribute = attributes.find((candidate) => candidate.baseName === key);
        if (attribute === undefined) issues.push(`${path}.${key}: unknown field of ${type}`);
        else validateAgainstModel(item, attribute.type, `${path}.${key}`, issues);
      }
      for (const field of requiredFields(type)) {
        const baseName = attributes.find((candidate) => candidate.name === field)?.baseName ?? field;
        if (!(baseName in value)) issues.push(`${path}.${baseName}: required by ${type}, missing`);
      }
    }
  }
  return issues;
}

/** The model of a document: `apiVersion: batch/v1`, `kind: Job` → V1Job. */
function modelTypeOf(document: Record<string, unknown>): string {
  const version = String(document.apiVersion ?? '').split('/').pop() ?? '';
  return `${version.charAt(0).toUpperCase()}${version.slice(1)}${String(document.kind ?? '')}`;
}

function validateDocument(document: unknown, where: string): string[] {
  if (!isPlainObject(document)) return [`${where}: not an object`];
  const type = modelTypeOf(document);
  if (model(type) === undefined) return [`${where}: no model for apiVersion ${String(document.apiVersion)} kind ${String(document.kind)}`];
  return validateAgainstModel(document, type, where);
}

// ---------------------------------------------------------------------------------------------
// Reading the manifests
// ---------------------------------------------------------------------------------------------

type Json = Record<string, any>;
interface ManifestFile {
  name: string;
  documents: Json[];
}

const manifestNames = readdirSync(folder).filter((name) => /\.ya?ml$/.test(name)).sort();

/**
 * Every document of a file. Kubernetes reads YAML 1.1 (`0440` is octal there, `yes` a boolean),
 * the `yaml` package 1.2 by default: a document that reads differently under the two is refused.
 */
function readManifest(name: string): ManifestFile {
  const text = readFileSync(join(folder, name), 'utf8');
  const strict = { uniqueKeys: true, prettyErrors: false } as const;
  const v12 = parseAllDocuments(text, { ...strict, version: '1.2' });
  const v11 = parseAllDocuments(text, { ...strict, version: '1.1' });
  if (!Array.isArray(v12) || !Array.isArray(v11)) throw new Error(`${name}: no YAML documents`);
  const documents: Json[] = [];
  v12.forEach((document, index) => {
    const problems = [...document.errors, ...document.warnings].map((problem) => problem.message);
    if (problems.length > 0) throw new Error(`${name}, document ${index + 1}: ${problems.join('; ')}`);
    const value = document.toJS() as unknown;
    expect(v11[index]?.toJS(), `${name}, document ${index + 1}: reads differently as YAML 1.1 (Kubernetes) and 1.2`).toEqual(value);
    if (value !== null) documents.push(value as Json);
  });
  return { name, documents };
}

function find(files: ManifestFile[], kind: string, name: string): Json {
  const found = files.flatMap((file) => file.documents).find((document) => document.kind === kind && document.metadata?.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name} in docs/kubernetes`);
  return found;
}

/** `$(NAME)` → its value (Kubernetes' expansion of command lines; `$$` escapes, unknown names stay). */
function expandKubernetes(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string | undefined) => (name === undefined ? '$' : (env[name] ?? whole)));
}

function referencedVariables(texts: string[]): string[] {
  return texts.flatMap((text) => [...text.replace(/\$\$/g, '').matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)].map((match) => match[1] as string));
}

/** A container's environment from its ConfigMap references (Secrets are not in the files: `secret:<name>/<key>`). */
function environmentOf(container: Json, files: ManifestFile[], extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = { ...extra };
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
    const configMapRef = variable.valueFrom?.configMapKeyRef;
    if (configMapRef) env[variable.name] = find(files, 'ConfigMap', configMapRef.name).data[configMapRef.key];
    const secretRef = variable.valueFrom?.secretKeyRef;
    if (secretRef) env[variable.name] = `secret:${secretRef.name}/${secretRef.key}`;
  }
  return env;
}

/**
 * The words of a simple `sh -c` line: quotes removed, `$NAME` / `${NAME}` expanded from `env`, and
 * for each word a pattern (a RegExp) where unquoted `*` and `?` are wildcards, as the shell globs.
 */
function shellWords(line: string, env: Record<string, string>): Array<{ text: string; pattern: RegExp }> {
  const words: Array<{ text: string; pattern: RegExp }> = [];
  let text = '';
  let pattern = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const end = () => {
    if (inWord) words.push({ text, pattern: new RegExp(`^${pattern}$`) });
    text = '';
    pattern = '';
    inWord = false;
  };
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i] as string;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else {
        text += c;
        pattern += escape(c);
      }
      continue;
    }
    if (c === '$') {
      const variable = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(line.slice(i));
      if (variable) {
        const name = (variable[1] ?? variable[2]) as string;
        const value = env[name];
        if (value === undefined) throw new Error(`the merge's shell line uses $${name}, which its container does not define`);
        text += value;
        pattern += escape(value);
        inWord = true;
        i += variable[0].length - 1;
        continue;
      }
    }
    if (quote === undefined && /\s/.test(c)) {
      end();
      continue;
    }
    inWord = true;
    if (c === '"' || c === "'") {
      quote = quote === c ? undefined : quote ?? c;
      continue;
    }
    if (quote === undefined && /[;&|<>()`\\]/.test(c)) throw new Error(`the merge's shell line is expected to be one simple command; it has ${c}`);
    text += c;
    pattern += quote === undefined && c === '*' ? '[^/]*' : quote === undefined && c === '?' ? '[^/]' : escape(c);
  }
  if (quote !== undefined) throw new Error('the merge\'s shell line has an unclosed quote');
  end();
  return words;
}

/** kbench's `run` command as the CLI registers it, fresh (commander keeps parsed values on the command). */
function runCommand(): Command {
  const program = new Command().exitOverride();
  registerRunCommand(program);
  const run = program.commands.find((command) => command.name() === 'run');
  if (run === undefined) throw new Error('kbench has no run command');
  return run.exitOverride();
}

/** The long names of a command's options (`--tls-ca`, `--no-tls-verify-hostname`…), as typed. */
function optionNames(command: Command): Set<string> {
  return new Set(command.options.flatMap((option) => [option.long, option.short].filter((flag): flag is string => flag !== undefined)));
}

// ---------------------------------------------------------------------------------------------

let files: ManifestFile[];
const scratch = mkdtempSync(join(tmpdir(), 'kbench-k8s-manifest-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeAll(() => {
  files = manifestNames.map(readManifest);
});

describe('the validator', () => {
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j' },
    spec: { completionMode: 'Indexed', completions: 2, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'i', args: ['a'] }] } } },
  };

  it('reads the models of a known Kubernetes version', () => {
    expect(MODELS_VERSION).toMatch(/^v1\.\d+\.\d+$/);
    expect(validateDocument(job, 'job')).toEqual([]);
  });

  it('catches a misspelt field, a wrong type, a missing required field and an unknown kind', () => {
    const wrong = structuredClone(job) as any;
    wrong.spec.completionsMode = 'Indexed';
    wrong.spec.parallelism = '2';
    wrong.spec.template.spec.containers[0].env = [{ name: 'N', value: 4 }, { value: 'no name' }];
    wrong.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    wrong.spec.template.spec.containers[0].args = 'a b';
    expect(validateDocument(wrong, 'job')).toEqual([
      'job.spec.template.spec.containers[0].args: expected a list of string, got "a b"',
      'job.spec.template.spec.containers[0].env[0].value: expected a string, got number 4',
      'job.spec.template.spec.containers[0].env[1].name: required by V1EnvVar, missing',
      'job.spec.template.spec.containers[0].imagePullPolicyy: unknown field of V1Container',
      'job.spec.completionsMode: unknown field of V1JobSpec',
      'job.spec.parallelism: expected an integer, got "2"',
    ]);
    expect(validateDocument({ apiVersion: 'batch/v1', kind: 'Jobb', metadata: {} }, 'doc')).toEqual(['doc: no model for apiVersion batch/v1 kind Jobb']);
  });

  it('refuses YAML that Kubernetes (YAML 1.1) would read differently', () => {
    const v11 = parseAllDocuments('mode: 0440\nflag: yes\n', { version: '1.1' });
    const v12 = parseAllDocuments('mode: 0440\nflag: yes\n', { version: '1.2' });
    expect(Array.isArray(v11) && Array.isArray(v12)).toBe(true);
    if (Array.isArray(v11) && Array.isArray(v12)) {
      expect(v11[0]?.toJS()).toEqual({ mode: 0o440, flag: true });
      expect(v12[0]?.toJS()).toEqual({ mode: 440, flag: 'yes' });
    }
  });
});

describe('docs/kubernetes manifests', () => {
  it('are the shards\' and the merge\'s', () => {
    expect(manifestNames).toEqual(['kbench-merge.yaml', 'kbench-shards.yaml']);
  });

  it.each(manifestNames)('%s: every document is valid against the Kubernetes models', (name) => {
    const file = files.find((candidate) => candidate.name === name) as ManifestFile;
    expect(file.documents.length).toBeGreaterThan(0);
    const issues = file.documents.flatMap((document, index) => validateDocument(document, `${name}#${index + 1} ${document.kind}/${document.metadata?.name}`));
    expect(issues).toEqual([]);
  });

  it('every name a pod refers to exists: ConfigMaps and their keys, claims, volumes', () => {
    for (const pod of files.flatMap((file) => file.documents).flatMap((document) => (document.kind === 'Job' ? [document.spec.template.spec] : document.kind === 'Pod' ? [document.spec] : []))) {
      const volumes = new Map<string, Json>(pod.volumes.map((volume: Json) => [volume.name, volume]));
      for (const volume of volumes.values()) {
        if (volume.persistentVolumeClaim) expect(find(files, 'PersistentVolumeClaim', volume.persistentVolumeClaim.claimName).spec.accessModes).toEqual(['ReadWriteMany']);
        if (volume.configMap) find(files, 'ConfigMap', volume.configMap.name);
      }
      for (const container of pod.containers) {
        for (const mount of container.volumeMounts ?? []) expect(volumes.has(mount.name), `volume ${mount.name}`).toBe(true);
        for (const variable of container.env ?? []) {
          const ref = variable.valueFrom?.configMapKeyRef;
          if (ref) expect(Object.keys(find(files, 'ConfigMap', ref.name).data)).toContain(ref.key);
        }
      }
    }
  });
});

describe('the shards Job', () => {
  let job: Json;
  let pod: Json;
  let container: Json;
  let shardCount: number;
  beforeAll(() => {
    job = find(files, 'Job', 'kbench-shards');
    pod = job.spec.template.spec;
    container = pod.containers[0];
    const shardArg = container.args[container.args.indexOf('--shard') + 1] as string;
    const match = /^\$\(JOB_COMPLETION_INDEX\)\/(\d+)$/.exec(shardArg);
    if (!match) throw new Error(`--shard is ${shardArg}, not $(JOB_COMPLETION_INDEX)/N`);
    shardCount = Number(match[1]);
  });

  it('is Indexed, with completions = parallelism = the N of --shard $(JOB_COMPLETION_INDEX)/N', () => {
    expect(job.spec.completionMode).toBe('Indexed');
    expect(shardCount).toBeGreaterThanOrEqual(2);
    expect(job.spec.completions).toBe(shardCount);
    expect(job.spec.parallelism).toBe(shardCount);
    expect(pod.containers).toHaveLength(1);
  });

  it('never runs a shard twice: no retry, no pod restart, no failure ignored', () => {
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.backoffLimitPerIndex).toBeUndefined();
    expect(pod.restartPolicy).toBe('Never');
    const actions = job.spec.podFailurePolicy.rules.map((rule: Json) => rule.action);
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((action: string) => action === 'FailJob')).toBe(true);
    for (const rule of job.spec.podFailurePolicy.rules) if (rule.onExitCodes) expect(rule.onExitCodes.containerName).toBe(container.name);
  });

  it('spreads the shards over nodes, matching its own pods', () => {
    const terms = pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution;
    expect(terms[0].podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
    expect(job.spec.template.metadata.labels).toMatchObject(terms[0].podAffinityTerm.labelSelector.matchLabels);
  });

  it('has resource requests and limits', () => {
    expect(container.resources.requests).toEqual(container.resources.limits);
    expect(Object.keys(container.resources.limits).sort()).toEqual(['cpu', 'memory']);
  });

  it('defines every $(VAR) of its command line (JOB_COMPLETION_INDEX comes from the Indexed Job)', () => {
    const defined = new Set([...container.env.map((variable: Json) => variable.name), 'JOB_COMPLETION_INDEX']);
    const used = referencedVariables(container.args);
    expect(used).toContain('JOB_COMPLETION_INDEX');
    expect(used.filter((name) => !defined.has(name))).toEqual([]);
  });

  it('gives secrets only as files of the Secret or variables from it, never in the manifest', () => {
    const secretVolume = pod.volumes.find((volume: Json) => volume.secret);
    const mount = container.volumeMounts.find((candidate: Json) => candidate.name === secretVolume.name);
    expect(mount.readOnly).toBe(true);
    const args = container.args as string[];
    for (const option of ['--tls-ca', '--sasl-password-file']) expect(args[args.indexOf(option) + 1]?.startsWith(`${mount.mountPath}/`)).toBe(true);
    const secretFiles = secretVolume.secret.items.map((item: Json) => `${mount.mountPath}/${item.path}`);
    for (const option of ['--tls-ca', '--sasl-password-file']) expect(secretFiles).toContain(args[args.indexOf(option) + 1]);
    const usernameVariable = args[args.indexOf('--sasl-username-env') + 1];
    expect(container.env.find((variable: Json) => variable.name === usernameVariable).valueFrom.secretKeyRef.name).toBe(secretVolume.secret.secretName);
    expect(args.some((arg) => /password|token/i.test(arg) && !arg.startsWith('--') && !arg.startsWith(mount.mountPath))).toBe(false);
    // Owner and group read only: the number is octal 0440 (YAML 1.1 and 1.2 agree on a decimal).
    expect(secretVolume.secret.defaultMode).toBe(0o440);
  });

  it("the guide's `kubectl create secret` makes every key of the Secret the pods read", () => {
    const guide = readFileSync(join(folder, 'README.md'), 'utf8').replace(/\\\n\s*/g, ' ');
    const command = guide.split('\n').find((line) => line.includes('kubectl create secret generic'));
    const secretVolume = pod.volumes.find((volume: Json) => volume.secret);
    expect(command).toContain(`kubectl create secret generic ${secretVolume.secret.secretName} `);
    const created = [...(command as string).matchAll(/--from-(?:file|literal)=([^=\s]+)=/g)].map((match) => match[1]);
    const read = [
      ...secretVolume.secret.items.map((item: Json) => item.key),
      ...container.env.flatMap((variable: Json) => (variable.valueFrom?.secretKeyRef ? [variable.valueFrom.secretKeyRef.key] : [])),
    ];
    expect(created.sort()).toEqual([...new Set(read)].sort());
  });

  it("each pod's command line is kbench run with options kbench has, and resolves into that shard's plan", async () => {
    const args = container.args as string[];
    expect(args.slice(0, 2)).toEqual(['kbench', 'run']);
    const known = optionNames(runCommand());
    const typed = args.filter((arg) => arg.startsWith('-'));
    expect(typed.filter((flag) => !known.has(flag))).toEqual([]);

    // The scenario files of the kbench-scenarios ConfigMap, where the pod mounts them.
    const scenariosVolume = pod.volumes.find((volume: Json) => volume.configMap?.name === 'kbench-scenarios');
    const scenariosMount = container.volumeMounts.find((mount: Json) => mount.name === scenariosVolume.name).mountPath as string;
    for (const [key, content] of Object.entries(find(files, 'ConfigMap', 'kbench-scenarios').data)) writeFileSync(join(scratch, key), content as string);
    const here = (path: string) => (path.startsWith(`${scenariosMount}/`) ? join(scratch, path.slice(scenariosMount.length + 1)) : path);

    const runConfig = find(files, 'ConfigMap', 'kbench-run').data;
    const plans = [];
    for (let index = 0; index < shardCount; index += 1) {
      const env = environmentOf(container, files, { JOB_COMPLETION_INDEX: String(index) });
      const argv = args.slice(2).map((arg) => expandKubernetes(arg, env));
      expect(argv.filter((arg) => arg.includes('$('))).toEqual([]);
      const command = runCommand();
      const { operands, unknown } = command.parseOptions(argv);
      expect(unknown).toEqual([]);
      expect(operands).toEqual([runConfig.KBENCH_SCENARIO]);
      const options = command.opts() as PlanOptions & ShardOptions & { report?: string };
      expect(options.shard).toBe(`${index}/${shardCount}`);
      expect(options.runId).toBe(runConfig.KBENCH_RUN_ID);
      expect(options.startAt).toBe(runConfig.KBENCH_START_AT);
      expect(options.report).toBe(`/reports/${runConfig.KBENCH_RUN_ID}/shard-${index}.json`);
      const startAt = Date.parse(runConfig.KBENCH_START_AT);
      plans.push(applyShardOptions(await loadPlan(here(operands[0] as string), options), options, startAt - 120_000));
    }
    expect(plans.map((plan) => plan.shard?.index)).toEqual(Array.from({ length: shardCount }, (_, index) => index));
    for (const plan of plans) {
      expect(plan.shard).toMatchObject({ count: shardCount, runId: runConfig.KBENCH_RUN_ID, startAtEpochMs: Date.parse(runConfig.KBENCH_START_AT) });
      expect(plan.cluster).toMatchObject({ kind: 'external', brokers: find(files, 'ConfigMap', 'kbench-cluster').data.KBENCH_BROKERS.split(',') });
      const security = JSON.stringify(plan.cluster.kind === 'external' ? plan.cluster.security : null);
      for (const source of ['/etc/kbench/kafka/ca.crt', '/etc/kbench/kafka/sasl-password', 'KAFKA_SASL_USERNAME']) expect(security).toContain(source);
    }
  }, 60_000);
});

describe('the merge Job', () => {
  it('reads every shard report the shards write, and not its own output', () => {
    const shards = find(files, 'Job', 'kbench-shards');
    const merge = find(files, 'Job', 'kbench-merge');
    const shardContainer = shards.spec.template.spec.containers[0];
    const mergeContainer = merge.spec.template.spec.containers[0];
    expect(merge.spec.backoffLimit).toBe(0);
    expect(merge.spec.template.spec.restartPolicy).toBe('Never');

    // The same volume at the same place in both.
    const claimAt = (job: Json, container: Json) => {
      const mount = container.volumeMounts.find((candidate: Json) => candidate.mountPath === '/reports');
      return job.spec.template.spec.volumes.find((volume: Json) => volume.name === mount.name).persistentVolumeClaim.claimName;
    };
    expect(claimAt(merge, mergeContainer)).toBe(claimAt(shards, shardContainer));

    expect(mergeContainer.args.slice(0, 2)).toEqual(['sh', '-c']);
    const runId = 'run-7';
    const mergeEnv = environmentOf(mergeContainer, files, {});
    const shardRunIdSource = shardContainer.env.find((variable: Json) => variable.name === 'KBENCH_RUN_ID').valueFrom;
    expect(mergeContainer.env.find((variable: Json) => variable.name === 'KBENCH_RUN_ID').valueFrom).toEqual(shardRunIdSource);
    const words = shellWords(mergeContainer.args[2], { ...mergeEnv, KBENCH_RUN_ID: runId });
    expect(words.map((word) => word.text).slice(0, 3)).toEqual(['exec', 'kbench', 'merge']);
    const options = words.slice(3).filter((word) => word.text.startsWith('-'));
    expect(options.map((word) => word.text)).toEqual(['--report']);
    const inputs = words.slice(3, words.indexOf(options[0] as (typeof words)[number]));
    const output = words[words.indexOf(options[0] as (typeof words)[number]) + 1]?.text as string;
    expect(inputs).toHaveLength(1);
    const input = inputs[0] as (typeof words)[number];

    const shardCount = shards.spec.completions as number;
    const reportTemplate = shardContainer.args[shardContainer.args.indexOf('--report') + 1] as string;
    const written = Array.from({ length: shardCount }, (_, index) =>
      expandKubernetes(reportTemplate, { KBENCH_RUN_ID: runId, JOB_COMPLETION_INDEX: String(index) }),
    );
    for (const path of written) expect(path, `the merge's ${input.text} matches ${path}`).toMatch(input.pattern);
    // Not the merged report, not another run's reports, not the HTML pages.
    expect(output).toBe(`/reports/${runId}/merged.json`);
    for (const other of [output, `/reports/${runId}/shard-0.html`, `/reports/run-8/shard-0.json`]) expect(other).not.toMatch(input.pattern);
  });

  it('uses options kbench merge has', () => {
    const program = new Command().exitOverride();
    registerMergeCommand(program);
    const merge = program.commands.find((command) => command.name() === 'merge') as Command;
    expect(optionNames(merge).has('--report')).toBe(true);
    expect(merge.registeredArguments[0]?.variadic).toBe(true);
  });
});

describe('the Dockerfile', () => {
  const dockerfile = readFileSync(join(folder, 'Dockerfile'), 'utf8');
  const lines = dockerfile.split('\n');

  it('gives the manifests what they run: tini as entrypoint, kbench on the PATH, the user they run as', () => {
    expect(lines).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
    expect(dockerfile).toMatch(/ln -s \/app\/bin\/kbench\.js \/usr\/local\/bin\/kbench/);
    expect(lines).toContain('USER 1000:1000');
    const pods = files.flatMap((file) => file.documents).flatMap((document) => (document.kind === 'Job' ? [document.spec.template.spec] : document.kind === 'Pod' ? [document.spec] : []));
    for (const pod of pods) {
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 });
      for (const container of pod.containers) expect(container.command).toBeUndefined();
    }
  });

  it('copies files the repository has, builds on Node 20 and installs no Java', () => {
    expect(lines.filter((line) => line.startsWith('FROM ')).every((line) => /^FROM node:20-/.test(line))).toBe(true);
    for (const line of lines.filter((candidate) => candidate.startsWith('COPY ') && !candidate.includes('--from='))) {
      const sources = line.slice('COPY '.length).trim().split(/\s+/).slice(0, -1);
      for (const source of sources) expect(existsSync(join(root, source)), source).toBe(true);
    }
    expect(dockerfile).toMatch(/npm ci\b/);
    expect(dockerfile).toMatch(/npm run build\b/);
    expect(lines.filter((line) => !line.startsWith('#')).join('\n')).not.toMatch(/openjdk|maven|cluster install/i);
  });
});
