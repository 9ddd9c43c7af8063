import { useQuery } from '@apollo/client';
import { Link } from 'react-router';
import { EMPLOYEE_NAME } from '../../api/actionQueries';
import { Catalog } from '../../components/useCatalog';
import { formatValue } from '../../metrics/format';

/** An instant as the browser's clock reads it, to the minute ("2026-04-07 09:30"). */
export function when(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export const metricLabel = (catalog: Catalog, metric: string | null | undefined) => (metric ? (catalog.get(metric)?.label ?? metric) : '');
export const metricValue = (catalog: Catalog, metric: string, v: number | null | undefined) => formatValue(v ?? null, catalog.get(metric)?.format ?? 'decimal');

/** An employee by name (cached after the first ask), linked to their page; the id while loading. */
export function EmployeeLink({ id, search = '' }: { id: string; search?: string }) {
  const { data } = useQuery<{ employee: { id: string; name: string } | null }>(EMPLOYEE_NAME, { variables: { id }, fetchPolicy: 'cache-first' });
  return <Link to={`/agent/${encodeURIComponent(id)}${search}`}>{data?.employee?.name ?? id}</Link>;
}

export function EmployeeName({ id }: { id: string }) {
  const { data } = useQuery<{ employee: { id: string; name: string } | null }>(EMPLOYEE_NAME, { variables: { id }, fetchPolicy: 'cache-first' });
  return <>{data?.employee?.name ?? id}</>;
}

export const TASK_STATUS_TEXT: Record<string, string> = { OPEN: 'Open', IN_PROGRESS: 'In progress', DONE: 'Done', CANCELLED: 'Cancelled' };
export const ALERT_STATUS_TEXT: Record<string, string> = { OPEN: 'Open', ACKNOWLEDGED: 'Acknowledged', RESOLVED: 'Resolved' };
export const COACHING_STATUS_TEXT: Record<string, string> = { SCHEDULED: 'Scheduled', COMPLETED: 'Held', CANCELLED: 'Cancelled' };

/** The message of a failed mutation, in the server's words. */
export function failure(e: unknown): string {
  const g = (e as { graphQLErrors?: { message: string; extensions?: { code?: unknown } }[] }).graphQLErrors?.[0];
  if (g) return `${g.message}${g.extensions?.code ? ` (${String(g.extensions.code)})` : ''}`;
  return e instanceof Error ? e.message : String(e);
}
