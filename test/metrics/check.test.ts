import fs from 'fs';
import os from 'os';
import path from 'path';
import { loadManifest, formatProblem } from '../../src/semantic';
import { runCli } from '../support/cli';

/** Validation reports every problem at once, each with file:line (SPEC §1 `metrics check`). */
const SHIPPED = path.resolve(__dirname, '../../metrics');

function brokenDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-metrics-'));
  fs.mkdirSync(path.join(dir, 'facts'));
  for (const f of fs.readdirSync(path.join(SHIPPED, 'facts'))) fs.copyFileSync(path.join(SHIPPED, 'facts', f), path.join(dir, 'facts', f));
  for (const f of ['contacts_handled.yaml', 'revenue.yaml']) fs.copyFileSync(path.join(SHIPPED, f), path.join(dir, f));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const HEAD = (name: string) => `name: ${name}
label: L
description: D
unit: u
format: f
direction: higher_is_better
owner: o
`;
const EXAMPLE = `examples:
  - facts: { interaction: [] }
    expect: 0
`;

const BROKEN = {
  // line 9: unknown fact
  'unknown_fact.yaml': `${HEAD('unknown_fact')}type: simple\nmeasure: { fact: interactions, agg: count }\n${EXAMPLE}`,
  // line 9: unknown column (did you mean)
  'unknown_column.yaml': `${HEAD('unknown_column')}type: simple\nmeasure: { fact: interaction, agg: sum, expr: talk_secs }\n${EXAMPLE}`,
  // line 9: wrong type (sum of text) — and line 9 again for a non-boolean where
  'wrong_type.yaml': `${HEAD('wrong_type')}type: simple\nmeasure: { fact: interaction, agg: sum, expr: channel, where: queue_seconds }\n${EXAMPLE}`,
  // missing label (reported at the mapping, line 1)
  'missing_field.yaml': `name: missing_field\ndescription: D\nunit: u\nformat: f\ndirection: higher_is_better\nowner: o\ntype: simple\nmeasure: { fact: interaction, agg: count }\n${EXAMPLE}`,
  // a cycle between two derived metrics
  'cycle_a.yaml': `${HEAD('cycle_a')}type: derived\nformula: cycle_b + 1\n${EXAMPLE}`,
  'cycle_b.yaml': `${HEAD('cycle_b')}type: derived\nformula: cycle_a * 2\n${EXAMPLE}`,
  // duplicate of the name in cycle_a.yaml
  'duplicate.yaml': `${HEAD('cycle_a')}type: simple\nmeasure: { fact: interaction, agg: count }\n${EXAMPLE}`,
  // unknown metric in a formula, unknown parameter, unknown field
  'unknown_refs.yaml': `${HEAD('unknown_refs')}type: derived\nformula: revenue / contacts_handeld\nmeasures:\n  m: { fact: interaction, agg: count, where: "queue_seconds > \${sl_seconds}" }\ndenominatr: 3\n${EXAMPLE}`,
  // a YAML syntax error
  'syntax.yaml': `name: syntax\nlabel: [unclosed\n`,
};

describe('validation', () => {
  it('the shipped definitions are valid', () => {
    const r = loadManifest(SHIPPED);
    expect(r.ok ? [] : r.problems.map(formatProblem)).toEqual([]);
  });

  it('reports every problem across files at once, each with file:line', () => {
    const dir = brokenDir(BROKEN);
    const r = loadManifest(dir);
    expect(r.ok).toBe(false);
    const lines = r.ok ? [] : r.problems.map((p) => `${path.basename(p.loc.file)}:${p.loc.line}: ${p.message}`);
    const has = (re: RegExp) => expect(lines.some((l) => re.test(l)) ? re : lines).toEqual(re);
    has(/^unknown_fact\.yaml:9: .*unknown fact `interactions` \(did you mean `interaction`\?\)/);
    has(/^unknown_column\.yaml:9: .*unknown column or segment `talk_secs` .*did you mean `talk_seconds`/);
    has(/^wrong_type\.yaml:9: .*sum needs a number, but `channel` is text/);
    has(/^wrong_type\.yaml:9: .*where must be true\/false, but `queue_seconds` is number/);
    has(/^missing_field\.yaml:1: .*missing field `label`/);
    has(/^cycle_[ab]\.yaml:9: .*cycle in derived metrics: cycle_[ab] -> cycle_[ab] -> cycle_[ab]/);
    has(/^duplicate\.yaml:1: duplicate metric name `cycle_a` \(already defined at .*cycle_a\.yaml:1:1\)/);
    has(/^unknown_refs\.yaml:9: .*unknown metric or measure `contacts_handeld` \(did you mean `contacts_handled`\?\)/);
    has(/^unknown_refs\.yaml:11: .*unknown parameter `\$\{sl_seconds\}`/);
    has(/^unknown_refs\.yaml:12: .*unknown field `denominatr`/);
    has(/^syntax\.yaml:\d+: YAML syntax/);
    fs.rmSync(dir, { recursive: true });
  });

  it('`switchboard metrics check` prints file:line:col for each problem and exits non-zero', () => {
    const dir = brokenDir({ 'unknown_fact.yaml': BROKEN['unknown_fact.yaml'], 'unknown_column.yaml': BROKEN['unknown_column.yaml'] });
    const r = runCli(['metrics', 'check', '--dir', dir]);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/unknown_column\.yaml:9:\d+: metric unknown_column: measure\.expr: unknown column or segment `talk_secs`/);
    expect(lines[1]).toMatch(/unknown_fact\.yaml:9:\d+: metric unknown_fact: measure: unknown fact `interactions`/);
    expect(lines[2]).toBe('switchboard: 2 problems in metric definitions');
    fs.rmSync(dir, { recursive: true });
  });

  it('`switchboard metrics check` on the shipped definitions lists each metric with its version', () => {
    const r = runCli(['metrics', 'check']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ok: 23 metrics on 5 facts; 4 badge rules; 1 incentive plans; 2 appraisal templates\n/);
    expect(r.stdout).toMatch(/ aht +ratio +[0-9a-f]{16} +metrics\/aht\.yaml/);
  });

  it('a version changes when the definition or a fact it builds on changes, and not otherwise', () => {
    const a = loadManifest(SHIPPED);
    const dir = brokenDir({});
    for (const f of fs.readdirSync(SHIPPED)) if (f.endsWith('.yaml')) fs.copyFileSync(path.join(SHIPPED, f), path.join(dir, f));
    const same = loadManifest(dir);
    fs.writeFileSync(path.join(dir, 'service_level.yaml'), fs.readFileSync(path.join(dir, 'service_level.yaml'), 'utf8').replace('service_level_seconds: 20', 'service_level_seconds: 30'));
    fs.writeFileSync(path.join(dir, 'facts', 'sales_order.yaml'), fs.readFileSync(path.join(dir, 'facts', 'sales_order.yaml'), 'utf8').replace("booked: status = 'booked'", "booked: status = 'booked' AND quantity > 0"));
    const changed = loadManifest(dir);
    if (!a.ok || !same.ok || !changed.ok) throw new Error('expected valid definitions');
    const v = (m: typeof a.manifest, n: string) => m.metrics.get(n)!.version;
    expect(v(same.manifest, 'aht')).toBe(v(a.manifest, 'aht'));
    expect(v(changed.manifest, 'service_level')).not.toBe(v(a.manifest, 'service_level'));
    expect(v(changed.manifest, 'aht')).toBe(v(a.manifest, 'aht'));
    expect(v(changed.manifest, 'revenue')).not.toBe(v(a.manifest, 'revenue'));
    expect(v(changed.manifest, 'revenue_per_contact')).not.toBe(v(a.manifest, 'revenue_per_contact'));
    fs.rmSync(dir, { recursive: true });
  });
});
