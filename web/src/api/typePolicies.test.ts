import { gql, InMemoryCache } from '@apollo/client';
import { METRIC_DATA, ME, TEAM } from './queries';
import { typePolicies } from './typePolicies';

const team = (id: string, asOf: string, name: string, depth: number, extra: Record<string, unknown> = {}) => ({
  __typename: 'Team', id: `${id}@${asOf}`, teamId: id, asOf, name, depth, ...extra,
});

describe('Apollo type policies match the schema identities', () => {
  it('the same org unit on two dates stays two objects (a reorganization is not overwritten)', () => {
    const cache = new InMemoryCache({ typePolicies });
    const before = team('t1', '2026-02-28', 'Team One', 3, { parent: team('care', '2026-02-28', 'Care', 2) });
    const after = team('t1', '2026-03-01', 'Team One', 2, { parent: team('sales', '2026-03-01', 'Sales', 1) });
    cache.writeQuery({ query: TEAM, variables: { id: 't1', asOf: '2026-02-28' }, data: { team: before } });
    cache.writeQuery({ query: TEAM, variables: { id: 't1', asOf: '2026-03-01' }, data: { team: after } });
    const read = (asOf: string) => cache.readQuery<{ team: { depth: number; parent: { name: string } } }>({ query: TEAM, variables: { id: 't1', asOf } })!.team;
    expect(read('2026-02-28')).toMatchObject({ depth: 3, parent: { name: 'Care' } });
    expect(read('2026-03-01')).toMatchObject({ depth: 2, parent: { name: 'Sales' } });
    expect(Object.keys(cache.extract()).filter((k) => k.startsWith('Team:')).sort()).toEqual([
      'Team:care@2026-02-28',
      'Team:sales@2026-03-01',
      'Team:t1@2026-02-28',
      'Team:t1@2026-03-01',
    ]);
  });

  it('a team is keyed by its per-date id alone, so a selection without asOf is still cached', () => {
    const cache = new InMemoryCache({ typePolicies });
    const query = gql`query { team(id: "t1", asOf: "2026-03-01") { id teamId name } }`;
    cache.writeQuery({ query, data: { team: { __typename: 'Team', id: 't1@2026-03-01', teamId: 't1', name: 'Team One' } } });
    expect(cache.readQuery<{ team: { teamId: string } }>({ query })!.team.teamId).toBe('t1');
    expect(cache.extract()['Team:t1@2026-03-01']).toMatchObject({ name: 'Team One' });
  });

  it('metric results are stored under their query, not normalized, and replaced by a new answer', () => {
    const cache = new InMemoryCache({ typePolicies });
    const result = (handled: number) => ({
      __typename: 'MetricResult', attribution: 'AS_WAS', timezone: 'UTC', rowCount: 1,
      metrics: [{ __typename: 'MetricResultMetric', name: 'contacts_handled', label: 'Contacts handled', format: 'integer', unit: 'contacts', version: 'v1' }],
      rows: [{
        __typename: 'MetricRow', period: null, teamId: 't1', employeeId: null, role: null, site: null, productSku: null, productCategory: null,
        channel: null, queue: null, team: team('t1', '2026-03-31', 'Team One', 2), employee: null, values: [handled], previousValues: null,
      }],
    });
    const q = (attribution: string) => ({ metrics: ['contacts_handled'], dimensions: ['TEAM'], from: 'a', to: 'b', attribution });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    cache.writeQuery({ query: METRIC_DATA, variables: { query: q('AS_WAS') }, data: { metricData: result(3) } });
    cache.writeQuery({ query: METRIC_DATA, variables: { query: q('AS_IS') }, data: { metricData: result(1) } });
    cache.writeQuery({ query: METRIC_DATA, variables: { query: q('AS_WAS') }, data: { metricData: result(4) } });
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    const read = (a: string) => cache.readQuery<{ metricData: { rows: { values: number[] }[] } }>({ query: METRIC_DATA, variables: { query: q(a) } })!.metricData.rows[0].values;
    expect(read('AS_WAS')).toEqual([4]);
    expect(read('AS_IS')).toEqual([1]);
    expect(Object.keys(cache.extract()).some((k) => k.startsWith('MetricResult') || k.startsWith('MetricRow'))).toBe(false);
  });

  it('me is one object, and an assignment is keyed by employee and first day', () => {
    const cache = new InMemoryCache({ typePolicies });
    const write = (role: string) =>
      cache.writeQuery({
        query: ME,
        data: {
          me: {
            __typename: 'Me', role, employeeId: 'e2',
            employee: { __typename: 'Employee', id: 'e2', name: 'E2 Test', latestAssignment: { __typename: 'Assignment', employeeId: 'e2', effectiveFrom: '2026-03-01', effectiveTo: null, teamId: 't1', role, site: 'Leeds' } },
          },
        },
      });
    write('agent');
    write('supervisor');
    const keys = Object.keys(cache.extract());
    expect(keys).toContain('Me:{}');
    expect(keys).toContain('Employee:e2'); // the default identity: __typename and id
    expect(keys).toContain('Assignment:{"employeeId":"e2","effectiveFrom":"2026-03-01"}');
    expect(cache.readQuery<{ me: { role: string } }>({ query: ME })!.me.role).toBe('supervisor');
  });
});
