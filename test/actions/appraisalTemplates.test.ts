import fs from 'fs';
import os from 'os';
import path from 'path';
import { loadActionDefinitions, loadAppraisalConfig } from '../../src/actions';
import { loadManifestOrThrow } from '../../src/semantic';
import { runCli } from '../support/cli';
import { problemsOf } from '../support/configProblems';

const manifest = loadManifestOrThrow();

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-appraisals-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const rel = (ps: string[]) => ps.map((p) => p.replace(/^.*sb-appraisals-[^/]+\//, ''));

describe('appraisal templates and feedback settings (metrics/appraisals/)', () => {
  it('the shipped ones load: two templates on a 1–5 scale, two-way feedback from three authors', () => {
    const cfg = loadAppraisalConfig(manifest);
    expect([...cfg.templates.keys()]).toEqual(['agent', 'supervisor']);
    expect(cfg.templates.get('agent')!.competencies.map((c) => [c.key, c.weight])).toEqual([
      ['customer_focus', 2],
      ['product_knowledge', 1],
      ['efficiency', 1],
      ['teamwork', 1],
      ['reliability', 1],
    ]);
    expect(cfg.scale).toMatchObject({ min: 1, max: 5 });
    expect(cfg.scale.labels.get(3)).toBe('Meets expectations');
    expect(cfg.feedback.twoWayMinimumAuthors).toBe(3);
    expect(cfg.templates.get('agent')!.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('reports every problem with file and line: a scale upside down, a label off the scale, a competency twice, a bad key, a bad minimum', () => {
    const dir = tmp();
    fs.writeFileSync(
      path.join(dir, 'competencies.yaml'),
      [
        'scale:',
        '  min: 5',
        '  max: 1',
        'templates:',
        '  agent:',
        '    label: Agent',
        '    competencies:',
        '      - { key: focus, label: Focus }',
        '      - { key: Focus Two, label: F2 }',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(dir, 'feedback.yaml'), 'two_way:\n  minimum_authors: 0\n');
    expect(rel(problemsOf(() => loadAppraisalConfig(manifest, dir)))).toEqual([
      'competencies.yaml:3: scale.max: min must be below max',
      'competencies.yaml:9: templates.agent.competencies.1.key: must be lower_snake_case',
      expect.stringMatching(/^feedback\.yaml:2: two_way\.minimum_authors: /),
    ]);
    fs.writeFileSync(
      path.join(dir, 'competencies.yaml'),
      'scale:\n  min: 1\n  max: 5\n  labels:\n    7: Legendary\ntemplates:\n  agent:\n    label: Agent\n    competencies:\n      - { key: focus, label: Focus }\n      - { key: focus, label: Again }\n',
    );
    fs.writeFileSync(path.join(dir, 'feedback.yaml'), 'two_way:\n  minimum_authors: 2\n');
    expect(rel(problemsOf(() => loadAppraisalConfig(manifest, dir)))).toEqual([
      'competencies.yaml:5: scale.labels.7: outside the scale 1 to 5',
      'competencies.yaml:11: templates.agent.competencies.1.key: "focus" is listed twice',
    ]);
  });

  it('`switchboard metrics check` (and so serve and start) refuse a broken template, naming file and line', () => {
    const dir = tmp();
    fs.cpSync(manifest.dir, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'appraisals', 'feedback.yaml'), 'two_way:\n  minimum: 3\n');
    const r = runCli(['metrics', 'check'], { SWITCHBOARD_METRICS_DIR: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/appraisals\/feedback\.yaml:2: two_way\.minimum_authors: .*expected number/);
    expect(r.stderr).toMatch(/appraisals\/feedback\.yaml:2: two_way: Unrecognized key: "minimum"/);
    expect(r.stderr).toMatch(/2 problems in appraisal templates or feedback settings/);
    // serve and start check the same way before they open the database.
    expect(problemsOf(() => loadActionDefinitions(loadManifestOrThrow(dir))).join('\n')).toMatch(/feedback\.yaml:2/);
    expect(runCli(['metrics', 'check']).stdout).toMatch(/; 2 appraisal templates\n/);
  });
});
