import { MetricResult, MetricRow } from '../api/types';
import { csvField, metricResultToCsv } from './csv';

const row = (over: Partial<MetricRow>): MetricRow => ({
  period: null, teamId: null, employeeId: null, role: null, site: null, productSku: null, productCategory: null, channel: null, queue: null,
  team: null, employee: null, values: [], previousValues: null, ...over,
});

const result = (rows: MetricRow[]): MetricResult => ({
  attribution: 'AS_WAS',
  timezone: 'UTC',
  rowCount: rows.length,
  metrics: [
    { name: 'contacts_handled', label: 'Contacts handled', format: 'integer', unit: 'contacts', version: 'v1' },
    { name: 'aht', label: 'AHT', format: 'duration', unit: 'seconds', version: 'v2' },
  ],
  rows,
});

describe('metricData as CSV', () => {
  it('one line per row: period, the dimensions asked with names, metric values by name', () => {
    const csv = metricResultToCsv(
      result([
        row({ period: '2026-02-01T00:00:00.000Z', employeeId: 'e1', employee: { id: 'e1', name: 'Smith, "Jo"' }, values: [3, 266.6666666666667] }),
        row({ period: '2026-02-02T00:00:00.000Z', employeeId: 'e2', employee: { id: 'e2', name: 'Ana' }, values: [0, null] }),
      ]),
      ['EMPLOYEE'],
    );
    expect(csv).toBe(
      'period,employee_id,employee_name,contacts_handled,aht\r\n' +
        '2026-02-01T00:00:00.000Z,e1,"Smith, ""Jo""",3,266.6666666666667\r\n' +
        '2026-02-02T00:00:00.000Z,e2,Ana,0,\r\n',
    );
  });

  it('adds the previous period when the query compared', () => {
    const csv = metricResultToCsv(result([row({ teamId: 't1', team: { id: 't1', teamId: 't1', asOf: '2026-03-01', name: 'Team One', depth: 2 }, values: [2, 250], previousValues: [1, null] })]), ['TEAM']);
    expect(csv.split('\r\n')).toEqual(['period,team_id,team_name,contacts_handled,aht,contacts_handled_previous,aht_previous', ',t1,Team One,2,250,1,', '']);
  });

  it('keeps spreadsheets from running text as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-5)).toBe('-5');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
  });
});
