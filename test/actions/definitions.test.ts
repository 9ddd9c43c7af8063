import fs from 'fs';
import os from 'os';
import path from 'path';
import { loadGamification, loadIncentivePlans } from '../../src/actions';
import { loadManifestOrThrow } from '../../src/semantic';
import { runCli } from '../support/cli';
import { problemsOf } from '../support/configProblems';

const manifest = loadManifestOrThrow();

describe('badge rules and incentive plans are checked on load, every problem with file and line', () => {
  it('the shipped definitions load', () => {
    expect(loadGamification(manifest).rules.map((r) => r.name)).toEqual(['csat_hero', 'fcr_top_three', 'goal_streak_aht', 'weekly_personal_best']);
    expect([...loadIncentivePlans(manifest).keys()]).toEqual(['care_agents_monthly']);
  });

  it('reports an unknown metric (did you mean), an unknown badge, a bad kind and a wrong type at their lines', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-badrules-'));
    fs.mkdirSync(path.join(dir, 'rules'));
    fs.copyFileSync(path.join(manifest.dir, 'badges', 'catalog.yaml'), path.join(dir, 'catalog.yaml'));
    fs.writeFileSync(path.join(dir, 'rules', 'a.yaml'), 'name: a\nlabel: A\nkind: goal_streak\nbadge: no_such_badge\nmetric: ahtt\ncount: 3\n');
    fs.writeFileSync(path.join(dir, 'rules', 'b.yaml'), 'name: b\nlabel: B\nkind: streaky\nbadge: kudos\nmetric: aht\n');
    fs.writeFileSync(path.join(dir, 'rules', 'c.yaml'), 'name: c\nlabel: C\nkind: threshold\nbadge: kudos\nmetric: aht\ngrain: WEEK\nop: ">"\nvalue: fast\n');
    const problems = problemsOf(() => loadGamification(manifest, dir)).map((p) => p.replace(/\S*sb-badrules-[^/]+\//g, ''));
    expect(problems).toEqual([
      'rules/a.yaml:5: metric: unknown metric "ahtt"; did you mean "aht"?',
      expect.stringMatching(/^rules\/a\.yaml:4: badge: unknown badge "no_such_badge"; declare it in catalog\.yaml$/),
      expect.stringMatching(/^rules\/b\.yaml:3: kind: /),
      expect.stringMatching(/^rules\/c\.yaml:8: value: .*number/),
    ]);
  });

  it('an incentive plan with an unknown metric and tiers out of order', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-badplan-'));
    fs.writeFileSync(
      path.join(dir, 'p.yaml'),
      'name: p\nlabel: P\nperiod: MONTH\ncurrency: EUR\ntarget_pay: 100\nmetrics:\n  - { metric: csatt }\ntiers:\n  - { name: low, min_score: 50, pay_pct: 10 }\n  - { name: high, min_score: 100, pay_pct: 100 }\n',
    );
    const problems = problemsOf(() => loadIncentivePlans(manifest, dir)).map((p) => p.replace(/^.*sb-badplan-[^/]+\//, ''));
    expect(problems).toEqual(['p.yaml:9: tiers: list tiers from the highest min_score down, each lower than the one before']);
    fs.writeFileSync(path.join(dir, 'p.yaml'), 'name: p\nlabel: P\nperiod: MONTH\ncurrency: EUR\ntarget_pay: 100\nmetrics:\n  - { metric: csatt }\ntiers:\n  - { name: all, min_score: 0, pay_pct: 100 }\n');
    expect(problemsOf(() => loadIncentivePlans(manifest, dir)).map((p) => p.replace(/^.*sb-badplan-[^/]+\//, ''))).toEqual([
      'p.yaml:7: metrics.0.metric: unknown metric "csatt"; did you mean "csat"?',
    ]);
  });

  it('`switchboard metrics check` fails on a broken rule, naming file and line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-metricsdir-'));
    fs.cpSync(manifest.dir, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'badges', 'rules', 'csat_hero.yaml'), 'name: csat_hero\nlabel: X\nkind: threshold\nbadge: customer_hero\nmetric: csat\ngrain: YEARLY\nop: ">="\nvalue: 4\n');
    const r = runCli(['metrics', 'check'], { SWITCHBOARD_METRICS_DIR: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/csat_hero\.yaml:6: grain: /);
    expect(r.stderr).toMatch(/1 problem in badge rules or incentive plans/);
    const ok = runCli(['metrics', 'check']);
    expect(ok.stdout).toMatch(/^ok: 23 metrics on 5 facts; 4 badge rules; 1 incentive plans/);
  });
});
