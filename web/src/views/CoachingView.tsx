import { useMutation, useQuery } from '@apollo/client';
import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { COACHING_SESSION, COMPLETE_COACHING, CoachingImpact, CoachingSession, Task } from '../api/actionQueries';
import { METRIC_DATA } from '../api/queries';
import { MetricResult } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import type { ChartOption } from '../components/Chart';
import { LazyChart } from '../components/LazyChart';
import { ErrorNote, Loading } from '../components/QueryState';
import { Catalog, useCatalog, zeroWhenEmpty } from '../components/useCatalog';
import { usePageTitle } from '../components/usePageTitle';
import { bucketStarts, fillBuckets } from '../metrics/buckets';
import { addDays, browserTimeZone, periodLabel, rangeWindow } from '../metrics/dates';
import { formatValue } from '../metrics/format';
import { COACHING_STATUS_TEXT, EmployeeLink, EmployeeName, failure, metricLabel, metricValue, TASK_STATUS_TEXT, when } from './workflow/common';

type SessionWithImpact = CoachingSession & { impact: CoachingImpact; followUps: Task[] };

const DAY_CHOICES = [7, 14, 28];
const BEFORE = '#6b7280';
const AFTER = '#1f5fbf';

/** How a change reads, never in colour alone: better, worse, the same, or not known. */
function verdict(m: CoachingImpact['metrics'][number]): { text: string; cls: string } {
  if (m.improved === null) return { text: 'Not known yet', cls: 'change-unknown' };
  if (m.difference === 0) return { text: 'No change', cls: 'change-none' };
  return m.improved ? { text: 'Better', cls: 'change-better' } : { text: 'Worse', cls: 'change-worse' };
}

function signed(catalog: Catalog, metric: string, d: number | null): string {
  if (d === null) return '–';
  const fmt = catalog.get(metric)?.format ?? 'decimal';
  return `${d > 0 ? '+' : d < 0 ? '−' : '±'}${formatValue(Math.abs(d), fmt)}`;
}

/** One metric day by day across both windows, split into a before and an after line at the session day. */
function dayOption(days: MetricResult, i: number, sessionDate: string, format: string): ChartOption {
  const x = days.rows.map((r) => periodLabel(r.period, 'DAY'));
  const fmt = (v: unknown) => formatValue(typeof v === 'number' ? v : null, format);
  const side = (before: boolean) => days.rows.map((r, k) => ((x[k] < sessionDate) === before && x[k] !== sessionDate ? r.values[i] : null));
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, data: ['Before', 'After'] },
    tooltip: { trigger: 'axis', valueFormatter: fmt },
    xAxis: { type: 'category', data: x, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', axisLabel: { formatter: fmt }, scale: format !== 'integer', minInterval: format === 'integer' ? 1 : 0 },
    series: [
      { name: 'Before', type: 'line', data: side(true), color: BEFORE, lineStyle: { type: 'dashed', width: 2 }, connectNulls: true },
      { name: 'After', type: 'line', data: side(false), color: AFTER, lineStyle: { width: 3 }, connectNulls: true },
    ],
  };
}

function DayCharts({ s, catalog }: { s: SessionWithImpact; catalog: Catalog }) {
  const range = { from: s.impact.before.from, to: addDays(s.impact.after.to, -1) };
  const { data } = useQuery<{ metricData: MetricResult | null }>(METRIC_DATA, {
    variables: {
      query: {
        metrics: s.focusMetrics,
        dimensions: ['EMPLOYEE'],
        filters: [{ dimension: 'EMPLOYEE', values: [s.employeeId] }],
        grain: 'DAY',
        ...rangeWindow(range),
        timezone: browserTimeZone(),
      },
    },
  });
  const days = data?.metricData;
  const filled = useMemo(() => (days ? fillBuckets(days, bucketStarts(range, 'DAY'), zeroWhenEmpty(catalog, days.metrics)) : null), [days, catalog, range.from, range.to]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!filled) return null;
  return (
    <div className="two-col">
      {filled.metrics.map((m, i) => (
        <figure key={m.name} className="coaching-chart" data-metric={m.name}>
          <figcaption>{m.label} by day</figcaption>
          <LazyChart
            option={dayOption(filled, i, s.impact.sessionDate, m.format)}
            height={220}
            label={`${m.label} by day, ${range.from} to ${range.to}, the session on ${s.impact.sessionDate}: before ${metricValue(catalog, m.name, s.impact.metrics[i]?.before)}, after ${metricValue(catalog, m.name, s.impact.metrics[i]?.after)}`}
          />
        </figure>
      ))}
    </div>
  );
}

/** Mark a scheduled session held, with notes and one follow-up for the employee. */
function CompleteForm({ s }: { s: SessionWithImpact }) {
  const [complete, state] = useMutation(COMPLETE_COACHING, { refetchQueries: [COACHING_SESSION], awaitRefetchQueries: true });
  const [notes, setNotes] = useState('');
  const [follow, setFollow] = useState('');
  const [due, setDue] = useState('');
  const [err, setErr] = useState<string | null>(null);
  const submit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    setErr(null);
    try {
      await complete({ variables: { id: s.id, input: { notes: notes || null, followUps: follow ? [{ title: follow, dueDate: due || null }] : null } } });
    } catch (e) {
      setErr(failure(e));
    }
  };
  return (
    <form className="complete-coaching" onSubmit={(ev) => void submit(ev)}>
      <h2>Mark it held</h2>
      <label>
        Notes <textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={3} />
      </label>
      <label>
        Follow-up for the employee <input type="text" value={follow} onChange={(e) => setFollow(e.target.value)} />
      </label>
      <label>
        Due <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
      </label>
      <button type="submit" disabled={state.loading}>
        Mark held
      </button>
      {err && (
        <p className="error" role="alert">
          Could not mark it held: {err}
        </p>
      )}
    </form>
  );
}

/**
 * /coaching/:id: a session and its before and after (SPEC §6.3): each focus metric over
 * the N days before the session day and the N after it, the change, and whether it went
 * the metric's good way; the days of both windows in a chart.
 */
export function CoachingView() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('days'));
  const days = DAY_CHOICES.includes(asked) ? asked : 14;
  const catalog = useCatalog();
  const { claims } = useAuth();
  const { data, error, loading } = useQuery<{ coachingSession: SessionWithImpact }>(COACHING_SESSION, { variables: { id, days } });
  const s = data?.coachingSession;
  usePageTitle(s ? `Coaching on ${s.impact.sessionDate}` : 'Coaching');
  if (error) return <><h1>Coaching</h1><ErrorNote error={error} /></>; // prettier-ignore
  if (loading && !s) return <Loading what="the coaching session" />;
  if (!s) return null;
  const i = s.impact;
  return (
    <>
      <h1>
        Coaching: <EmployeeName id={s.employeeId} />, {i.sessionDate}
      </h1>
      <dl className="facts">
        <dt>Employee</dt>
        <dd>
          <EmployeeLink id={s.employeeId} />
        </dd>
        <dt>Coach</dt>
        <dd>
          <EmployeeName id={s.coachId} />
        </dd>
        <dt>Status</dt>
        <dd data-status={s.status}>
          {COACHING_STATUS_TEXT[s.status]} {s.completedAt ? `on ${when(s.completedAt)}` : `for ${when(s.scheduledAt)}`}
        </dd>
        <dt>Focus</dt>
        <dd>{s.focusMetrics.map((m) => metricLabel(catalog, m)).join(', ')}</dd>
        {s.notes && (
          <>
            <dt>Notes</dt>
            <dd className="notes">{s.notes}</dd>
          </>
        )}
        {s.alertEventId && (
          <>
            <dt>From</dt>
            <dd>an alert</dd>
          </>
        )}
      </dl>

      <section aria-labelledby="impact-h">
        <h2 id="impact-h">Before and after</h2>
        <div className="controls">
          <label>
            Days either side{' '}
            <select value={days} onChange={(e) => setParams((p) => { p.set('days', e.target.value); return p; }, { replace: true })}>
              {DAY_CHOICES.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className="help impact-windows">
          Before: {i.before.from} to {addDays(i.before.to, -1)}. After: {i.after.from} to {addDays(i.after.to, -1)}. The session day itself counts in neither.
          {!i.complete && ' The after window has not passed yet: its numbers are still growing.'}
        </p>
        <div className="table-wrap" role="region" aria-label="Before and after" tabIndex={0}>
          <table className="impact">
            <caption className="visually-hidden">
              Focus metrics {days} days before and after {i.sessionDate}
            </caption>
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col" className="num">Before</th>
                <th scope="col" className="num">After</th>
                <th scope="col" className="num">Change</th>
                <th scope="col">Verdict</th>
              </tr>
            </thead>
            <tbody>
              {i.metrics.map((m) => {
                const v = verdict(m);
                return (
                  <tr key={m.metric} data-metric={m.metric} data-improved={m.improved === null ? 'unknown' : String(m.improved)}>
                    <th scope="row">
                      {metricLabel(catalog, m.metric)} <span className="help">({m.direction === 'lower_is_better' ? 'lower is better' : 'higher is better'})</span>
                    </th>
                    <td className="num">{metricValue(catalog, m.metric, m.before)}</td>
                    <td className="num">{metricValue(catalog, m.metric, m.after)}</td>
                    <td className="num">{signed(catalog, m.metric, m.difference)}</td>
                    <td className={v.cls}>{v.text}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <DayCharts s={s} catalog={catalog} />
      </section>

      <section aria-labelledby="followups-h">
        <h2 id="followups-h">Follow-ups</h2>
        {s.followUps.length === 0 ? (
          <p className="help">None.</p>
        ) : (
          <ul className="followups">
            {s.followUps.map((t) => (
              <li key={t.id} data-task={t.id}>
                {t.title} <span className="help">({TASK_STATUS_TEXT[t.status]}{t.dueDate ? `, due ${t.dueDate}` : ''})</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {s.status === 'SCHEDULED' && claims?.role !== 'agent' && <CompleteForm s={s} />}
      <p>
        <Link to="/team">Back to the team</Link>
      </p>
    </>
  );
}
