import { useQuery } from '@apollo/client';
import { Link } from 'react-router';
import { COACHING_SESSIONS, CoachingSession } from '../../api/actionQueries';
import { ErrorNote, Loading } from '../../components/QueryState';
import { Catalog } from '../../components/useCatalog';
import { COACHING_STATUS_TEXT, EmployeeName, metricLabel, when } from './common';

/** Coaching sessions, newest first: of one employee, or every one the caller may see. Each opens its before and after. */
export function CoachingList({ catalog, employeeId, title, showEmployee }: { catalog: Catalog; employeeId?: string | null; title: string; showEmployee: boolean }) {
  const { data, error, loading } = useQuery<{ coachingSessions: CoachingSession[] }>(COACHING_SESSIONS, { variables: { employeeId: employeeId ?? null, limit: 20 } });
  const sessions = data?.coachingSessions ?? [];
  return (
    <section aria-labelledby="coaching-h" className="coaching-list">
      <h2 id="coaching-h">{title}</h2>
      {error && <ErrorNote error={error} />}
      {loading && !data && <Loading what="coaching sessions" />}
      {data && sessions.length === 0 && <p className="help">No coaching sessions.</p>}
      <ul>
        {sessions.map((s) => (
          <li key={s.id} data-coaching={s.id} data-status={s.status}>
            <Link to={`/coaching/${s.id}`}>
              {showEmployee && (
                <>
                  <EmployeeName id={s.employeeId} />,{' '}
                </>
              )}
              {when(s.completedAt ?? s.scheduledAt)}
            </Link>{' '}
            <span className="help">
              {COACHING_STATUS_TEXT[s.status]} · on {s.focusMetrics.map((m) => metricLabel(catalog, m)).join(', ')}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
