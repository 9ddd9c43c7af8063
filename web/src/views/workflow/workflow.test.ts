import { AlertEvent } from '../../api/actionQueries';
import { Catalog } from '../../components/useCatalog';
import { signed, verdict } from '../CoachingView';
import { taskFor } from './AlertsSection';
import { failure } from './common';

const catalog: Catalog = new Map([
  ['aht', { label: 'Average handle time', format: 'duration', direction: 'lower_is_better', type: 'ratio' }],
  ['contacts_handled', { label: 'Contacts handled', format: 'integer', direction: 'higher_is_better', type: 'simple' }],
]);

const event = (over: Partial<AlertEvent> = {}): AlertEvent => ({
  id: 'ev1',
  ruleName: 'Long calls',
  metric: 'aht',
  comparison: '>',
  threshold: 420,
  value: 455.4,
  lastValue: null,
  volume: 12,
  scope: { kind: 'EMPLOYEE', id: 'E1047' },
  openedAt: '2026-11-10T09:00:00Z',
  windowFrom: '2026-11-03T09:00:00Z',
  windowTo: '2026-11-10T09:00:00Z',
  status: 'OPEN',
  acknowledgedAt: null,
  acknowledgedBy: null,
  resolvedAt: null,
  note: null,
  taskId: null,
  ...over,
});

describe('the task an alert asks for', () => {
  it('names the rule, the metric and the value against the threshold, about the agent, due in two days', () => {
    expect(taskFor(event(), catalog, '2026-11-10')).toEqual({
      title: 'Long calls: Average handle time 7:35 > 7:00',
      description: expect.stringMatching(/^From the alert opened 2026-11-\d\d \d\d:\d\d \(employee E1047\)\.$/),
      alertEventId: 'ev1',
      employeeId: 'E1047',
      metric: 'aht',
      dueDate: '2026-11-12',
    });
  });

  it('a team or queue alert is about nobody in particular; an unknown metric keeps its name', () => {
    const t = taskFor(event({ scope: { kind: 'QUEUE', id: 'Billing' }, metric: 'mystery', value: 3, threshold: 2.5 }), catalog, '2026-12-31');
    expect([t.employeeId, t.title, t.dueDate]).toEqual([null, 'Long calls: mystery 3.00 > 2.50', '2027-01-02']);
  });
});

describe('before and after, in words', () => {
  const m = (difference: number | null, improved: boolean | null) => ({ metric: 'aht', direction: 'lower_is_better', version: 'v', before: 1, after: 1, difference, improved });
  it('better, worse, no change, not known', () => {
    expect(verdict(m(-20, true))).toEqual({ text: 'Better', cls: 'change-better' });
    expect(verdict(m(20, false))).toEqual({ text: 'Worse', cls: 'change-worse' });
    expect(verdict(m(0, false))).toEqual({ text: 'No change', cls: 'change-none' });
    expect(verdict(m(null, null))).toEqual({ text: 'Not known yet', cls: 'change-unknown' });
  });
  it('the change is signed in the metric’s format', () => {
    expect(signed(catalog, 'aht', -20)).toBe('−0:20');
    expect(signed(catalog, 'aht', 65)).toBe('+1:05');
    expect(signed(catalog, 'contacts_handled', 0)).toBe('±0');
    expect(signed(catalog, 'contacts_handled', null)).toBe('–');
  });
});

it('a failed action reads in the server’s words, with its code', () => {
  expect(failure({ graphQLErrors: [{ message: 'employee e7 is outside your scope', extensions: { code: 'FORBIDDEN' } }] })).toBe('employee e7 is outside your scope (FORBIDDEN)');
  expect(failure(new Error('Failed to fetch'))).toBe('Failed to fetch');
});
