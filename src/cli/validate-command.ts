/** `kbench validate <scenario>`: checks a scenario and prints its resolved plan, without touching Kafka. */
import type { Command } from 'commander';
import { securitySourceProblems } from '../clients/secret-sources.js';
import { errorMessage } from '../errors.js';
import { ksqlAuthorization } from '../ksql/ksql-credentials.js';
import { redactPlan } from '../scenario/redact-secrets.js';
import { renderPlan } from '../scenario/render-plan.js';
import { loadPlan, registerPlanOptions, type PlanOptions } from './plan-options.js';

export function registerValidateCommand(program: Command): void {
  const command = program
    .command('validate')
    .description('check a scenario file and print the resolved plan (per-worker rates, producers, consumers, expected messages)')
    .argument('<scenario>', 'scenario file, e.g. scenarios/acks-all.ts');
  registerPlanOptions(command)
    .option('--json', 'print the plan as JSON')
    .action(async (scenarioPath: string, options: PlanOptions & { json?: boolean }) => {
      const plan = await loadPlan(scenarioPath, options);
      process.stdout.write(options.json ? `${JSON.stringify(redactPlan(plan), null, 2)}\n` : renderPlan(plan));
      // The file is valid; what a run would still miss here (a variable not set, a CA file not there) is said, not failed.
      if (plan.ksql !== undefined && plan.ksql.url === undefined) {
        process.stderr.write('warning: a run from here would stop: this scenario has a ksql section and needs a ksqlDB server, given with --ksql-url (e.g. http://localhost:8088)\n');
      }
      if (plan.ksql?.auth !== undefined) {
        try {
          ksqlAuthorization(plan.ksql.auth);
        } catch (error) {
          process.stderr.write(`warning: a run from here would stop: ${errorMessage(error)}\n`);
        }
      }
      if (plan.cluster.kind === 'external') {
        for (const problem of securitySourceProblems(plan.cluster.security)) process.stderr.write(`warning: a run from here would stop: ${problem}\n`);
      }
    });
}
