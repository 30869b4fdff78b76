/**
 * Kafka SQL (ksqlDB) as an external stage of a run (the scenario's `ksql`, `--ksql-url`): once the
 * run's topic exists and before the workers start, asks the server who it is (`/info`) and whether
 * it is healthy, then submits the pipeline's statements (a stream over the run's topic, the
 * per-store windowed table into kbench's own output topic; `ksql/ksql-statements.ts`). At the end
 * — also after a failure or an interruption, and after a setup that failed half-way — lists the
 * queries, terminates those writing kbench's table, drops the table with its topic and the stream
 * (never its topic), one statement per request; a failing step is logged and recorded, never
 * thrown. Records it all for the report's `ksql`. Credentials stay in the client, which masks
 * them in every error it throws.
 */
import { KbenchError, errorMessage } from '../errors.js';
import { KsqlClient, type KsqlClientOptions } from '../ksql/ksql-client.js';
import type { KsqlEntity } from '../ksql/ksql-entities.js';
import { parseKsqlUrl } from '../ksql/ksql-http.js';
import { SHOW_QUERIES, pipelineCreateStatements, pipelineDropStatements, pipelineQueryIds, type KsqlPipelineNames } from '../ksql/ksql-statements.js';
import type { KsqlReport } from '../report/pipeline-types.js';
import type { Plan, PlannedKsql } from '../scenario/plan-types.js';

/** Property overrides of the setup: the query reads the run's topic from its start (the producers may begin before its consumer has joined). */
export const KSQL_SETUP_PROPERTIES = { 'ksql.streams.auto.offset.reset': 'earliest' } as const;

/** Bounds of the client (tests make them short). */
export type KsqlStageTimings = Pick<KsqlClientOptions, 'requestTimeoutMs' | 'commandTimeoutMs' | 'pollIntervalMs'>;

/**
 * The plan's ksqlDB settings when it can run: undefined without a `ksql` section; a usage error
 * when it has one but no `--ksql-url` (checked before anything starts: `kbench run`, and every
 * run of `find-max` and `sweep` through `runScenario`).
 */
export function requireKsqlUrl(plan: Plan): (PlannedKsql & { url: string }) | undefined {
  const ksql = plan.ksql;
  if (ksql === undefined) return undefined;
  if (ksql.url === undefined) {
    throw new KbenchError('usage', `scenario ${plan.name} has a ksql section: it needs a ksqlDB server, given with --ksql-url`, {
      hint: 'e.g. --ksql-url http://localhost:8088 with the docker-compose stack (docker compose up -d), whose ksqlDB reaches its brokers itself',
    });
  }
  if (plan.shard !== undefined) {
    throw new KbenchError('usage', 'a scenario with a ksql section cannot run sharded: every shard would submit the same statements', { hint: 'drop --shard' });
  }
  parseKsqlUrl(ksql.url);
  return { ...ksql, url: ksql.url };
}

export class KsqlStage {
  private readonly client: KsqlClient;
  private serverVersion: string | null = null;
  private readonly statements: string[] = [];
  private readonly queryIds = new Set<string>();
  private submitted = false;
  private created = false;
  private setupError: string | undefined;
  private dropped = false;
  private readonly dropErrors: string[] = [];
  private tearing: Promise<void> | undefined;

  /**
   * @param ksql the plan's ksqlDB settings with the run's names (`requireKsqlUrl`)
   * @param names the run's stream, table and topics (`RunOwnership.ksqlNames`)
   * @param readers the groups reading the output topic
   * Reads the credentials now: a missing variable or file is a usage error before the run starts.
   */
  constructor(
    private readonly ksql: PlannedKsql & { url: string },
    private readonly names: KsqlPipelineNames,
    private readonly readers: readonly string[],
    private readonly log: (line: string) => void,
    timings: KsqlStageTimings = {},
  ) {
    this.client = new KsqlClient({ url: ksql.url, auth: ksql.auth, ...timings });
  }

  /** Checks the server and creates the pipeline; a failure throws (call `tearDown` still: part of it may have been created). */
  async setUp(): Promise<void> {
    try {
      const info = await this.client.info();
      this.serverVersion = info.version;
      const health = await this.client.healthcheck();
      if (!health.isHealthy) {
        const sick = Object.entries(health.details).filter(([, healthy]) => !healthy).map(([part]) => part);
        throw new KbenchError('cluster', `the ksqlDB server at ${this.client.url} says it is not healthy${sick.length > 0 ? ` (${sick.join(', ')})` : ''}`, {
          hint: "check the server's log, and that it reaches its Kafka brokers",
        });
      }
      this.log(`ksqlDB ${info.version} at ${this.client.url}: creating stream ${this.names.streamName} over ${this.names.inputTopic} and table ${this.names.tableName} into ${this.names.outputTopic}`);
      const statements = pipelineCreateStatements(this.names);
      this.submitted = true;
      this.statements.push(...statements);
      const results = await this.client.execute(statements, KSQL_SETUP_PROPERTIES);
      this.noteQueryIds(results);
      this.created = true;
      this.log(`ksqlDB pipeline created${this.queryIds.size > 0 ? `: query ${[...this.queryIds].join(', ')}` : ''}`);
    } catch (error) {
      this.setupError = errorMessage(error);
      if (error instanceof KbenchError) {
        throw new KbenchError(error.kind, `the ksqlDB stage could not be set up: ${error.message}`, { details: error.details, ...(error.hint === undefined ? {} : { hint: error.hint }), cause: error });
      }
      throw error;
    }
  }

  /** Removes what the setup created, once (later calls wait for the first); never throws. */
  tearDown(): Promise<void> {
    this.tearing ??= this.drop();
    return this.tearing;
  }

  private async drop(): Promise<void> {
    // Nothing was sent: nothing to remove (the server may not even be there).
    if (!this.submitted) return;
    let queryIds: string[] = [];
    this.statements.push(SHOW_QUERIES);
    try {
      const results = await this.client.execute([SHOW_QUERIES]);
      for (const entity of results) if (entity.type === 'queries') queryIds = pipelineQueryIds(entity.queries, this.names);
      for (const id of queryIds) this.queryIds.add(id);
    } catch (error) {
      this.failedStep(SHOW_QUERIES, error);
    }
    for (const statement of pipelineDropStatements(this.names, queryIds)) {
      this.statements.push(statement);
      try {
        await this.client.execute([statement]);
      } catch (error) {
        this.failedStep(statement, error);
      }
    }
    this.dropped = this.dropErrors.length === 0;
    if (this.dropped) this.log(`ksqlDB: terminated ${queryIds.length} query(ies), dropped table ${this.names.tableName} with topic ${this.names.outputTopic} and stream ${this.names.streamName}`);
    else this.log(`ksqlDB: the teardown left something behind (${this.dropErrors.length} step(s) failed): check SHOW QUERIES, SHOW TABLES and SHOW STREAMS on ${this.client.url}`);
  }

  private failedStep(statement: string, error: unknown): void {
    const text = `${statement} ${errorMessage(error)}`;
    this.dropErrors.push(text);
    this.log(`ksqlDB: ${text}`);
  }

  /** The query ids the setup's commands name (newer servers give them). */
  private noteQueryIds(results: readonly KsqlEntity[]): void {
    for (const entity of results) if (entity.type === 'currentStatus' && entity.commandStatus.queryId !== undefined) this.queryIds.add(entity.commandStatus.queryId);
  }

  report(): KsqlReport {
    return {
      query: this.ksql.query,
      url: this.client.url,
      serverVersion: this.serverVersion,
      inputTopic: this.names.inputTopic,
      streamName: this.names.streamName,
      tableName: this.names.tableName,
      outputTopic: this.names.outputTopic,
      readers: [...this.readers],
      statements: [...this.statements],
      queryIds: [...this.queryIds],
      created: this.created,
      ...(this.setupError === undefined ? {} : { setupError: this.setupError }),
      dropped: this.dropped,
      dropErrors: [...this.dropErrors],
    };
  }
}
