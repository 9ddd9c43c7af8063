import { useQuery } from '@apollo/client';
import { useId, useMemo, useState } from 'react';
import { METRIC_CATALOG } from '../api/queries';
import { MetricDefinition } from '../api/types';
import { ErrorNote, Loading } from '../components/QueryState';
import { usePageTitle } from '../components/usePageTitle';

/** Every certified KPI: what it means, who owns it, and the version results are traced to. */
export function MetricCatalog() {
  usePageTitle('Metric catalog');
  const { data, error, loading } = useQuery<{ metrics: MetricDefinition[] }>(METRIC_CATALOG);
  const [filter, setFilter] = useState('');
  const id = useId();
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return (data?.metrics ?? []).filter((m) => !f || [m.name, m.label, m.description, m.owner].some((s) => s.toLowerCase().includes(f)));
  }, [data, filter]);

  return (
    <>
      <h1>Metric catalog</h1>
      <p className="help">One certified definition of every KPI, from the files under metrics/. A result names the version it was computed with.</p>
      <div className="controls">
        <div>
          <label htmlFor={id}>Find a metric</label>
          <input id={id} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="name, owner or words" />
        </div>
      </div>
      {error && <ErrorNote error={error} />}
      {loading && !data && <Loading what="the catalog" />}
      <p role="status" className="help">
        {data ? `${shown.length} of ${data.metrics.length} metrics` : ''}
      </p>
      <ul className="catalog">
        {shown.map((m) => (
          <li key={m.name} className="card" data-metric={m.name}>
            <h2>
              {m.label} <code>{m.name}</code>
            </h2>
            <p>{m.description}</p>
            <dl>
              <dt>Owner</dt>
              <dd>{m.owner}</dd>
              <dt>Better when</dt>
              <dd>{m.direction === 'lower_is_better' ? 'lower' : 'higher'}</dd>
              <dt>Type</dt>
              <dd>
                {m.type}, in {m.unit} ({m.format})
              </dd>
              <dt>Facts</dt>
              <dd>{m.facts.join(', ')}</dd>
              <dt>Dimensions</dt>
              <dd>{m.dimensions.join(', ')}</dd>
              {m.parameters.length > 0 && (
                <>
                  <dt>Parameters</dt>
                  <dd>{m.parameters.map((p) => `${p.name} = ${p.value}`).join(', ')}</dd>
                </>
              )}
              <dt>Version</dt>
              <dd>
                <code title={m.version}>{m.version.slice(0, 12)}</code> <span className="help">({m.file})</span>
              </dd>
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}
