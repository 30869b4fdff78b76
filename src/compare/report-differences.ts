/**
 * What makes reports less comparable, as warning lines for the top of a comparison: different
 * scenarios or plans, different clients or client versions, different machines or clusters, runs
 * that did not complete. Comparing them is allowed; the output says so. Pure.
 */
import { jsonDifferences } from '../report/json-differences.js';
import type { KbenchReport, ReportEnvironment } from '../report/report-types.js';

interface Labelled {
  label: string;
  report: KbenchReport;
}

/** Most plan differences listed per report. */
const MAX_LISTED = 5;

/**
 * Plan fields that name things rather than change what runs, or say what is done with the topic
 * after the run (`keep`, `recreateExisting`). Group ids and member ids carry the run id.
 */
const IGNORED_PLAN_KEYS = new Set(['name', 'description', 'scenarioFile', 'workers', 'workerId', 'groupId', 'id', 'thresholds', 'keep', 'recreateExisting', 'topicName', 'outputTopic']);
/** Lists of member and group ids (which carry the run id): compared by their length. */
const COUNTED_PLAN_KEYS = new Set(['consumerIds', 'upstreamStages']);

const ENVIRONMENT_KEYS: Array<keyof ReportEnvironment> = ['hostname', 'cpuModel', 'cpuCores', 'totalMemoryBytes', 'kafkaVersion', 'brokerCount', 'clusterSource', 'securityProtocol', 'nodeVersion', 'kbenchVersion'];

/** Warning lines comparing each report with the first (empty when they are alike). */
export function describeDifferences(reports: readonly Labelled[]): string[] {
  const [first, ...others] = reports;
  if (first === undefined) return [];
  const warnings: string[] = [];
  const names = new Set(reports.map(({ report }) => report.scenario.name));
  if (names.size > 1) {
    warnings.push(`different scenarios: ${reports.map(({ label, report }) => `${label} ran "${report.scenario.name}"`).join(', ')}`);
  }
  for (const other of others) {
    const differences = planDifferences(first.report.scenario, other.report.scenario);
    if (differences.length > 0) {
      const listed = differences.slice(0, MAX_LISTED).join('; ');
      const more = differences.length > MAX_LISTED ? `; and ${differences.length - MAX_LISTED} more` : '';
      warnings.push(`the plan of ${other.label} differs from ${first.label}'s: ${listed}${more}`);
    }
  }
  const clients = new Set(reports.map(({ report }) => clientText(report.environment)));
  if (clients.size > 1) warnings.push(`different clients: ${reports.map(({ label, report }) => `${label} used ${clientText(report.environment)}`).join(', ')}`);
  for (const other of others) {
    const changed = ENVIRONMENT_KEYS.filter((key) => JSON.stringify(first.report.environment[key]) !== JSON.stringify(other.report.environment[key]));
    if (changed.length > 0) {
      const listed = changed.map((key) => `${key} ${JSON.stringify(first.report.environment[key])} → ${JSON.stringify(other.report.environment[key])}`);
      warnings.push(`${other.label} ran in another environment than ${first.label}: ${listed.join(', ')}`);
    }
  }
  for (const { label, report } of reports) {
    if (report.status !== 'completed') {
      const why = report.failure === undefined ? '' : `: ${report.failure.message}`;
      warnings.push(`${label} did not complete (${report.status}${why}); its figures cover only part of its plan`);
    }
  }
  return warnings;
}

function clientText(environment: ReportEnvironment): string {
  const versions = Object.entries(environment.clientVersions).map(([library, version]) => `${library} ${version}`);
  return versions.length === 0 ? environment.client : `${environment.client} (${versions.join(', ')})`;
}

/** `path old → new` for every leaf of the plan that differs, ignoring names and worker placement. */
export function planDifferences(baseline: unknown, other: unknown): string[] {
  return jsonDifferences(baseline, other, { ignoredKeys: IGNORED_PLAN_KEYS, countedKeys: COUNTED_PLAN_KEYS });
}
