import { useMutation, useQuery } from '@apollo/client';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { ACKNOWLEDGE_ALERT, AlertEvent, CREATE_TASK, OPEN_ALERTS, RESOLVE_ALERT, SCHEDULE_COACHING, TASKS, COACHING_SESSIONS, CoachingSession, Task } from '../../api/actionQueries';
import { ErrorNote, Loading } from '../../components/QueryState';
import { Catalog } from '../../components/useCatalog';
import { addDays, todayLocal } from '../../metrics/dates';
import { ALERT_STATUS_TEXT, EmployeeLink, failure, metricLabel, metricValue, when } from './common';

const LIMIT = 50;

/** What an event is about, in words: an agent (linked), a team or a queue. */
function Subject({ e, search }: { e: AlertEvent; search: string }) {
  if (e.scope.kind === 'EMPLOYEE') return <EmployeeLink id={e.scope.id} search={search} />;
  if (e.scope.kind === 'TEAM') return <Link to={`/team/${encodeURIComponent(e.scope.id)}${search}`}>team {e.scope.id}</Link>;
  return <>queue {e.scope.id}</>;
}

/** The task an alert asks for: its rule, the metric and the value against the threshold. */
export function taskFor(e: AlertEvent, catalog: Catalog, today: string): { title: string; description: string; alertEventId: string; employeeId: string | null; metric: string; dueDate: string } {
  const m = metricLabel(catalog, e.metric);
  return {
    title: `${e.ruleName}: ${m} ${metricValue(catalog, e.metric, e.value)} ${e.comparison} ${metricValue(catalog, e.metric, e.threshold)}`,
    description: `From the alert opened ${when(e.openedAt)} (${e.scope.kind.toLowerCase()} ${e.scope.id}).`,
    alertEventId: e.id,
    employeeId: e.scope.kind === 'EMPLOYEE' ? e.scope.id : null,
    metric: e.metric,
    dueDate: addDays(today, 2),
  };
}

/** One open alert with its actions: acknowledge (and make it a task), resolve, create a task, schedule coaching. */
function AlertCard({ e, catalog, search }: { e: AlertEvent; catalog: Catalog; search: string }) {
  const ids = useId();
  const refetch = { refetchQueries: [OPEN_ALERTS, TASKS, COACHING_SESSIONS], awaitRefetchQueries: true };
  const [ack] = useMutation<{ acknowledgeAlertEvent: AlertEvent }>(ACKNOWLEDGE_ALERT, refetch);
  const [resolve] = useMutation<{ resolveAlertEvent: AlertEvent }>(RESOLVE_ALERT, refetch);
  const [createTask] = useMutation<{ createTask: Task }>(CREATE_TASK, refetch);
  const [schedule] = useMutation<{ scheduleCoaching: CoachingSession }>(SCHEDULE_COACHING, refetch);
  const [note, setNote] = useState('');
  const [withTask, setWithTask] = useState(e.taskId === null);
  const [coachAt, setCoachAt] = useState(`${addDays(todayLocal(), 1)}T10:00`);
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<{ text: string; link?: string; error?: boolean } | null>(null);
  const [madeTask, setMadeTask] = useState<string | null>(null);
  const taskId = e.taskId ?? madeTask;

  const run = async (what: () => Promise<{ text: string; link?: string }>) => {
    setBusy(true);
    setSaid(null);
    try {
      setSaid(await what());
    } catch (err) {
      setSaid({ text: `Could not do that: ${failure(err)}`, error: true });
    } finally {
      setBusy(false);
    }
  };
  const makeTask = async () => {
    const r = await createTask({ variables: { input: taskFor(e, catalog, todayLocal()) } });
    setMadeTask(r.data!.createTask.id);
    return r.data!.createTask;
  };
  const acknowledge = () =>
    run(async () => {
      await ack({ variables: { id: e.id, note: note || null } });
      if (withTask && !taskId) {
        const t = await makeTask();
        return { text: `Acknowledged; task "${t.title}" is in your list, due ${t.dueDate}.` };
      }
      return { text: 'Acknowledged.' };
    });
  const task = () =>
    run(async () => {
      const t = await makeTask();
      return { text: `Task "${t.title}" is in your list, due ${t.dueDate}.` };
    });
  const coach = () =>
    run(async () => {
      const at = new Date(coachAt);
      if (Number.isNaN(at.getTime())) throw new Error(`"${coachAt}" is not a date and time`);
      const r = await schedule({ variables: { input: { employeeId: e.scope.id, focusMetrics: [e.metric], scheduledAt: at.toISOString(), alertEventId: e.id, taskId } } });
      return { text: `Coaching booked for ${when(r.data!.scheduleCoaching.scheduledAt)}.`, link: `/coaching/${r.data!.scheduleCoaching.id}` };
    });
  const close = () =>
    run(async () => {
      await resolve({ variables: { id: e.id, note: note || null } });
      return { text: 'Resolved.' };
    });

  return (
    <li className="card alert-card" data-alert={e.id} data-status={e.status} aria-labelledby={`${ids}-h`}>
      <h3 id={`${ids}-h`}>{e.ruleName}</h3>
      <p>
        <Subject e={e} search={search} />: {metricLabel(catalog, e.metric)} <strong className="alert-value">{metricValue(catalog, e.metric, e.lastValue ?? e.value)}</strong> {e.comparison}{' '}
        {metricValue(catalog, e.metric, e.threshold)}
      </p>
      <p className="help">
        <span className={`alert-status alert-${e.status.toLowerCase()}`}>{ALERT_STATUS_TEXT[e.status]}</span> · opened {when(e.openedAt)}
        {e.acknowledgedAt && ` · acknowledged ${when(e.acknowledgedAt)} by ${e.acknowledgedBy}`}
        {e.note && ` · note: ${e.note}`}
        {taskId ? ' · has a task' : ' · no task yet'}
      </p>
      <div className="alert-actions">
        <label>
          Note <input type="text" value={note} onChange={(ev) => setNote(ev.target.value)} maxLength={500} />
        </label>
        {e.status === 'OPEN' && (
          <>
            {!taskId && (
              <label className="check">
                <input type="checkbox" checked={withTask} onChange={(ev) => setWithTask(ev.target.checked)} /> and create a task
              </label>
            )}
            <button type="button" disabled={busy} onClick={() => void acknowledge()}>
              Acknowledge<span className="visually-hidden"> {e.ruleName}</span>
            </button>
          </>
        )}
        {!taskId && (
          <button type="button" className="secondary" disabled={busy} onClick={() => void task()}>
            Create task<span className="visually-hidden"> for {e.ruleName}</span>
          </button>
        )}
        <button type="button" className="secondary" disabled={busy} onClick={() => void close()}>
          Resolve<span className="visually-hidden"> {e.ruleName}</span>
        </button>
      </div>
      {e.scope.kind === 'EMPLOYEE' && (
        <div className="alert-actions">
          <label>
            Coaching on <input type="datetime-local" value={coachAt} onChange={(ev) => setCoachAt(ev.target.value)} />
          </label>
          <button type="button" className="secondary" disabled={busy} onClick={() => void coach()}>
            Schedule coaching<span className="visually-hidden"> for {e.ruleName}</span>
          </button>
        </div>
      )}
      <p role="status" className={said?.error ? 'error' : 'said'}>
        {said?.text}
        {said?.link && (
          <>
            {' '}
            <Link to={said.link}>Open the session</Link>
          </>
        )}
      </p>
    </li>
  );
}

/** Open alerts (acknowledged ones included) within the caller's scope, newest first. */
export function AlertsSection({ catalog, search }: { catalog: Catalog; search: string }) {
  const { data, error, loading } = useQuery<{ alertEvents: AlertEvent[] }>(OPEN_ALERTS, { variables: { limit: LIMIT } });
  const events = data?.alertEvents ?? [];
  return (
    <section aria-labelledby="alerts-h" className="alerts">
      <h2 id="alerts-h">Open alerts</h2>
      <p className="help">Everything in your scope that an alert rule noticed and nobody has resolved yet.</p>
      {error && <ErrorNote error={error} />}
      {loading && !data && <Loading what="alerts" />}
      {data && events.length === 0 && <p className="help">No open alerts.</p>}
      {events.length > 0 && (
        <ul className="alert-list">
          {events.map((e) => (
            <AlertCard key={e.id} e={e} catalog={catalog} search={search} />
          ))}
        </ul>
      )}
      {events.length === LIMIT && <p className="help">Showing the newest {LIMIT}.</p>}
    </section>
  );
}
