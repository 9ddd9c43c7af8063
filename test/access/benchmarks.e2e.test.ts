import { TokenRole } from '../../src/access';
import { token } from '../support/server';
import { WINDOW, useAccessApi } from './fixture';

/**
 * Benchmarks (SPEC §7): next to each row, the same metrics over the caller's
 * current team subtree (TEAM) and the whole center (CENTER), computed over
 * everyone in them, marked by `kind`. Expected values are summed by hand from
 * the contacts in ./fixture.ts (count, and handle seconds for aht):
 *
 *   A1's team today is care-general = {S1, A1}: f01 100 (Oct, VOICE), f02 200 (Nov, CHAT), f10 200 (Oct, VOICE)
 *   center: 18 contacts, 4100 s; Oct 12 contacts 3000 s; Nov 5 contacts 1000 s; May 1 (S4) 100 s;
 *           CHAT f02 f05 f18 = 3 contacts 600 s; VOICE 15 contacts 3500 s
 */
const fx = useAccessApi('accessbench');


interface Bench {
  kind: string;
  teamId: string | null;
  values: (number | null)[];
  previousValues: (number | null)[] | null;
  team: { teamId: string } | null;
}
interface Row {
  period: string | null;
  employeeId: string | null;
  channel: string | null;
  values: (number | null)[];
  previousValues: (number | null)[] | null;
  benchmarks: Bench[];
}

async function rows(role: TokenRole, sub: string | undefined, input: string, window = WINDOW): Promise<Row[]> {
  const res = await fx.api.gql(
    `{ metricData(query: { metrics: ["contacts_handled", "aht"], from: "${window.from}", to: "${window.to}", ${input} }) {
       rows { period employeeId channel values previousValues benchmarks { kind teamId values previousValues team { teamId } } } } }`,
    {},
    await token(role, sub),
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data.metricData.rows;
}

const close = (got: (number | null)[], want: (number | null)[]) => {
  expect(got).toHaveLength(want.length);
  got.forEach((g, i) => (want[i] === null ? expect(g).toBeNull() : expect(g).toBeCloseTo(want[i]!, 9)));
};
const expectBench = (b: Bench, kind: string, teamId: string | null, values: (number | null)[]) => {
  expect({ kind: b.kind, teamId: b.teamId, team: b.team?.teamId ?? null }).toEqual({ kind, teamId, team: teamId });
  close(b.values, values);
};

describe('metricData benchmarks', () => {
  it('an agent compares their total with their team and the center, without seeing a peer', async () => {
    const got = await rows('agent', 'A1', 'benchmarks: [TEAM, CENTER]');
    expect(got).toHaveLength(1);
    close(got[0].values, [2, 150]);
    expectBench(got[0].benchmarks[0], 'TEAM', 'care-general', [3, 500 / 3]);
    expectBench(got[0].benchmarks[1], 'CENTER', null, [18, 4100 / 18]);
  });

  it('keeps the non-org dimensions: per channel', async () => {
    const got = await rows('agent', 'A1', 'dimensions: [CHANNEL], benchmarks: [TEAM, CENTER]');
    expect(got.map((r) => r.channel)).toEqual(['CHAT', 'VOICE']);
    close(got[0].values, [1, 200]);
    expectBench(got[0].benchmarks[0], 'TEAM', 'care-general', [1, 200]);
    expectBench(got[0].benchmarks[1], 'CENTER', null, [3, 200]);
    close(got[1].values, [1, 100]);
    expectBench(got[1].benchmarks[0], 'TEAM', 'care-general', [2, 150]);
    expectBench(got[1].benchmarks[1], 'CENTER', null, [15, 3500 / 15]);
  });

  it('per period, in the asked order; the employee dimension is what the population replaces', async () => {
    const got = await rows('agent', 'A1', 'dimensions: [EMPLOYEE], grain: MONTH, benchmarks: [CENTER, TEAM]');
    expect(got.map((r) => [r.period, r.employeeId])).toEqual([
      ['2026-10-01T00:00:00.000Z', 'A1'],
      ['2026-11-01T00:00:00.000Z', 'A1'],
    ]);
    close(got[0].values, [1, 100]);
    expectBench(got[0].benchmarks[0], 'CENTER', null, [12, 250]);
    expectBench(got[0].benchmarks[1], 'TEAM', 'care-general', [2, 150]);
    close(got[1].values, [1, 200]);
    expectBench(got[1].benchmarks[0], 'CENTER', null, [5, 200]);
    expectBench(got[1].benchmarks[1], 'TEAM', 'care-general', [1, 200]);
  });

  it('org filters are replaced by the population; other filters stay', async () => {
    const team = await rows('agent', 'A1', 'filters: [{ dimension: TEAM, values: ["care-general"] }], benchmarks: [TEAM]');
    close(team[0].values, [2, 150]);
    expectBench(team[0].benchmarks[0], 'TEAM', 'care-general', [3, 500 / 3]);
    const voice = await rows('agent', 'A1', 'filters: [{ dimension: CHANNEL, values: ["VOICE"] }], benchmarks: [TEAM, CENTER]');
    close(voice[0].values, [1, 100]);
    expectBench(voice[0].benchmarks[0], 'TEAM', 'care-general', [2, 150]);
    expectBench(voice[0].benchmarks[1], 'CENTER', null, [15, 3500 / 15]);
  });

  it('with compare: the benchmark of the comparison window too', async () => {
    const got = await rows('agent', 'A1', 'compare: PREVIOUS_PERIOD, benchmarks: [TEAM, CENTER]', { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' });
    close(got[0].values, [1, 200]);
    close(got[0].previousValues!, [1, 100]);
    close(got[0].benchmarks[0].values, [1, 200]);
    close(got[0].benchmarks[0].previousValues!, [2, 150]);
    close(got[0].benchmarks[1].values, [5, 200]);
    close(got[0].benchmarks[1].previousValues!, [12, 250]);
  });

  it("a supervisor's TEAM benchmark is their own subtree (S3: S3 1 + A2 3 + A4 1 contacts)", async () => {
    const got = await rows('supervisor', 'S3', 'dimensions: [EMPLOYEE], benchmarks: [TEAM]');
    expect(got.map((r) => [r.employeeId, r.values[0]])).toEqual([['A2', 3], ['A4', 1], ['S3', 1]]);
    for (const r of got) expectBench(r.benchmarks[0], 'TEAM', 'sales-inbound', [5, (100 + 200 + 300 + 300 + 400) / 5]);
  });

  it('a bucket the population has no facts for gets what the metric gives over nothing', async () => {
    // The executive's team today is center, whose current members exclude S4 (who left): in May
    // only S4 handled a contact, so the TEAM benchmark of May counts 0 and its aht is undefined.
    const got = await rows('executive', 'X1', 'dimensions: [EMPLOYEE], grain: MONTH, benchmarks: [TEAM]');
    const may = got.find((r) => r.period === '2026-05-01T00:00:00.000Z')!;
    expect(may.employeeId).toBe('S4');
    expectBench(may.benchmarks[0], 'TEAM', 'center', [0, null]);
  });

  it('a caller without a current team has no TEAM benchmark (values null); CENTER is everyone', async () => {
    const got = await rows('admin', undefined, 'benchmarks: [TEAM, CENTER]');
    expectBench(got[0].benchmarks[0], 'TEAM', null, [null, null]);
    expectBench(got[0].benchmarks[1], 'CENTER', null, [18, 4100 / 18]);
  });

  it('without benchmarks, rows carry none', async () => {
    const got = await rows('agent', 'A1', 'dimensions: [CHANNEL]');
    expect(got.map((r) => r.benchmarks)).toEqual([null, null]);
  });
});
