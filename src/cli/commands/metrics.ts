import path from 'path';
import { Command } from 'commander';
import { ConfigFileError, loadAppraisalConfig, loadGamification, loadIncentivePlans } from '../../actions';
import { migrateUp } from '../../db';
import { runExamples } from '../../query';
import { formatProblem, loadManifest, recordDefinitionVersions } from '../../semantic';
import { action, UserError, withDatabase } from '../run';

const dirOption = (dir?: string) => (dir ? path.resolve(dir) : undefined);

/**
 * `switchboard metrics check`: validates every definition, printing each problem
 * as `file:line:col: message` (all of them, not just the first).
 * `switchboard metrics test`: runs the definitions' examples on the database.
 */
export function registerMetrics(program: Command): void {
  const metrics = program.command('metrics').description('work with the metric definitions under metrics/');

  metrics
    .command('check')
    .description('validate every definition under metrics/; problems name file, line and what is wrong')
    .option('--dir <path>', 'definitions folder (default: metrics/ of the repository)')
    .action(
      action(async (opts: { dir?: string }) => {
        const r = loadManifest(dirOption(opts.dir));
        if (!r.ok) {
          for (const p of r.problems) process.stderr.write(`${formatProblem(p)}\n`);
          process.stderr.write(`switchboard: ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'} in metric definitions\n`);
          return 1;
        }
        const m = r.manifest;
        // The definitions built on the metrics: badge rules and incentive plans.
        const problems: string[] = [];
        let rules = 0;
        let plans = 0;
        try {
          rules = loadGamification(m).rules.length;
        } catch (e) {
          if (!(e instanceof ConfigFileError)) throw e;
          problems.push(...e.problems);
        }
        try {
          plans = loadIncentivePlans(m).size;
        } catch (e) {
          if (!(e instanceof ConfigFileError)) throw e;
          problems.push(...e.problems);
        }
        // Appraisal templates and feedback settings (metrics/appraisals/).
        const appraisalProblems: string[] = [];
        let templates = 0;
        try {
          templates = loadAppraisalConfig(m).templates.size;
        } catch (e) {
          if (!(e instanceof ConfigFileError)) throw e;
          appraisalProblems.push(...e.problems);
        }
        const plural = (n: number) => `${n} problem${n === 1 ? '' : 's'}`;
        for (const p of [...problems, ...appraisalProblems]) process.stderr.write(`${p}\n`);
        if (problems.length) process.stderr.write(`switchboard: ${plural(problems.length)} in badge rules or incentive plans\n`);
        if (appraisalProblems.length) process.stderr.write(`switchboard: ${plural(appraisalProblems.length)} in appraisal templates or feedback settings\n`);
        if (problems.length || appraisalProblems.length) return 1;
        process.stdout.write(`ok: ${m.metrics.size} metrics on ${m.facts.size} facts; ${rules} badge rules; ${plans} incentive plans; ${templates} appraisal templates\n`);
        for (const c of m.metrics.values()) process.stdout.write(`  ${c.def.name.padEnd(22)} ${c.def.type.padEnd(8)} ${c.version}  ${c.def.file}\n`);
      }),
    );

  metrics
    .command('test')
    .description("run the definitions' examples against the database (in a rolled-back transaction)")
    .argument('[metric...]', 'only these metrics')
    .option('--dir <path>', 'definitions folder (default: metrics/ of the repository)')
    .action(
      action(async (only: string[], opts: { dir?: string }) => {
        const r = loadManifest(dirOption(opts.dir));
        if (!r.ok) {
          for (const p of r.problems) process.stderr.write(`${formatProblem(p)}\n`);
          throw new UserError(`${r.problems.length} problem(s) in metric definitions: fix them first (see \`switchboard metrics check\`)`);
        }
        const unknown = only.filter((n) => !r.manifest.metrics.has(n));
        if (unknown.length) throw new UserError(`unknown metric ${unknown.map((u) => JSON.stringify(u)).join(', ')}`);
        return withDatabase(async (db) => {
          await migrateUp(db.dataSource);
          await recordDefinitionVersions(db.dataSource, r.manifest);
          const outcomes = await runExamples(db.dataSource, r.manifest, only);
          for (const o of outcomes) {
            const name = `${o.metric}[${o.index}]${o.description ? ` (${o.description})` : ''}`;
            if (o.ok) process.stdout.write(`ok    ${name}\n`);
            else process.stdout.write(`FAIL  ${name} at ${o.file}:${o.line}: expected ${o.expected}, got ${o.error ? `an error: ${o.error}` : o.actual}\n`);
          }
          const failed = outcomes.filter((o) => !o.ok).length;
          process.stdout.write(`${outcomes.length - failed} passed, ${failed} failed\n`);
          return failed ? 1 : 0;
        }, { quiet: true });
      }),
    );
}
