import { ChangeFeed, ReceivedChange } from '../../src/realtime/changeFeed';
import { hits, metricDependencies } from '../../src/realtime/sources';
import { ApiContext } from '../../src/api/context';
import { MetricQueryInput } from '../../src/api/types/metric';
import { testConfig } from '../support/server';
import { useDatabase } from '../support/useDatabase';

const db = useDatabase('realtime_feed');

const event = (e: Partial<ReceivedChange>): ReceivedChange => ({
  runId: 'r',
  connector: 'c',
  kind: 'interaction',
  version: 1,
  from: null,
  to: null,
  employees: null,
  receivedAt: Date.now(),
  ...e,
});

describe('ChangeFeed', () => {
  it('delivers committed notifications only, and listens again after losing its connection', async () => {
    const feed = ChangeFeed.forDataSource(db.ds);
    const got: ReceivedChange[] = [];
    feed.on((e) => got.push(e));
    await feed.start();
    const notify = (runId: string) => db.ds.query(`SELECT pg_notify('switchboard_data', $1)`, [JSON.stringify(event({ runId }))]);
    const qr = db.ds.createQueryRunner();
    await qr.startTransaction();
    await qr.query(`SELECT pg_notify('switchboard_data', $1)`, [JSON.stringify(event({ runId: 'rolled-back' }))]);
    await qr.rollbackTransaction();
    await qr.release();
    await notify('one');
    const until = async (f: () => boolean) => {
      for (let i = 0; i < 200 && !f(); i++) await new Promise((r) => setTimeout(r, 50));
    };
    await until(() => got.some((e) => e.runId === 'one'));
    expect(got.map((e) => e.runId)).toEqual(['one']);
    feed.dropConnection();
    // After the reconnect, every kind is reported as possibly changed, then new notifications arrive again.
    await until(() => got.some((e) => e.runId === 'reconnect'));
    expect(got.filter((e) => e.runId === 'reconnect').map((e) => e.kind)).toEqual(expect.arrayContaining(['interaction', 'sales_order', 'employee_version']));
    await notify('two');
    await until(() => got.some((e) => e.runId === 'two'));
    expect(got.map((e) => e.runId)).toContain('two');
    await feed.close();
  });
});

describe('what a live metricData depends on', () => {
  const ctx = { config: testConfig(), today: '2026-04-10' } as unknown as ApiContext;
  const q = (metrics: string[], extra: Partial<MetricQueryInput> = {}) =>
    ({ metrics, from: '2026-04-01T00:00:00Z', to: '2026-04-02T00:00:00Z', ...extra }) as unknown as MetricQueryInput;
  const h = 3_600_000;
  const at = (ms: number) => new Date(Date.parse('2026-04-01T00:00:00Z') + ms).toISOString();

  it('its facts in its window, for its people', () => {
    const deps = metricDependencies(ctx, q(['aht']), new Set(['e1']));
    expect(hits(deps.get('interaction'), event({ from: at(h), to: at(2 * h), employees: ['e1'] }))).toBe(true);
    expect(hits(deps.get('interaction'), event({ from: at(h), to: at(2 * h), employees: ['e2'] }))).toBe(false); // someone else's
    expect(hits(deps.get('interaction'), event({ from: at(25 * h), to: at(26 * h), employees: ['e1'] }))).toBe(false); // after the window
    expect(hits(deps.get('sales_order'), event({ kind: 'sales_order', from: at(h), to: at(h) }))).toBe(false); // aht reads no orders
    expect(hits(undefined, event({ kind: 'employee_version' }))).toBe(true); // a reorganization moves anything
  });

  it('has_repeat looks 168 h past the window, at anyone’s contacts; converted at orders of any time', () => {
    const fcr = metricDependencies(ctx, q(['fcr_rate']), new Set(['e1']));
    expect(hits(fcr.get('interaction'), event({ from: at(100 * h), to: at(100 * h), employees: ['e2'] }))).toBe(true);
    expect(hits(fcr.get('interaction'), event({ from: at(24 * h + 169 * h), to: at(24 * h + 169 * h), employees: ['e2'] }))).toBe(false);
    const conv = metricDependencies(ctx, q(['conversion_rate']), new Set(['e1']));
    expect(hits(conv.get('sales_order'), event({ kind: 'sales_order', from: '2027-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z', employees: ['e9'] }))).toBe(true);
  });

  it('a benchmark makes everyone’s changes count', () => {
    const deps = metricDependencies(ctx, q(['aht'], { benchmarks: ['CENTER'] } as Partial<MetricQueryInput>), new Set(['e1']));
    expect(hits(deps.get('interaction'), event({ from: at(h), to: at(h), employees: ['e2'] }))).toBe(true);
  });
});
