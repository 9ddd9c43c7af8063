import { useMutation } from '@apollo/client';
import { useId, useState } from 'react';
import { CREATE_EMBED_TOKEN } from '../api/queries';
import { EmbedToken } from '../api/types';
import { EmbedSpec, embedSnippets } from '../embed/embedSpec';
import { browserTimeZone } from '../metrics/dates';
import { ErrorNote } from './QueryState';

const TTLS = [
  { seconds: 3600, label: '1 hour' },
  { seconds: 8 * 3600, label: '8 hours' },
  { seconds: 24 * 3600, label: '24 hours (the most)' },
];

/**
 * "Embed or export" under a chart: mints an embed token (createEmbedToken: you,
 * read-only, short-lived, narrowed to `team` when given) and shows what to paste
 * elsewhere: an iframe, a script tag, and CSV / JSON URLs of the same query.
 */
export function EmbedPanel({ spec, title, team }: { spec: EmbedSpec; title: string; team?: { id: string; name: string } | null }) {
  const ids = useId();
  const [ttl, setTtl] = useState(3600);
  const [narrow, setNarrow] = useState(Boolean(team));
  const [mint, minted] = useMutation<{ createEmbedToken: EmbedToken }>(CREATE_EMBED_TOKEN);
  const token = minted.data?.createEmbedToken;
  const s = token ? embedSnippets(window.location.origin, spec, token.token, title, browserTimeZone()) : null;
  const snippet = (label: string, text: string, name: string) => (
    <div className="snippet">
      <label htmlFor={`${ids}-${name}`}>{label}</label>
      <textarea id={`${ids}-${name}`} readOnly rows={3} value={text} data-snippet={name} onFocus={(e) => e.currentTarget.select()} />
    </div>
  );
  return (
    <details className="embed-panel">
      <summary>Embed or export this chart</summary>
      <p className="help">
        An embed token is you, read-only: it sees no more than you do (less, when narrowed to a team), and cannot change anything. It expires on its own.
      </p>
      <div className="controls">
        <div>
          <label htmlFor={`${ids}-ttl`}>Valid for</label>
          <select id={`${ids}-ttl`} value={ttl} onChange={(e) => setTtl(Number(e.target.value))}>
            {TTLS.map((t) => (
              <option key={t.seconds} value={t.seconds}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
        {team && (
          <label className="inline">
            <input type="checkbox" checked={narrow} onChange={(e) => setNarrow(e.target.checked)} /> Only {team.name}
          </label>
        )}
        <button type="button" onClick={() => void mint({ variables: { ttlSeconds: ttl, teamId: narrow && team ? team.id : null } }).catch(() => {})} disabled={minted.loading}>
          Create embed token
        </button>
      </div>
      {minted.error && <ErrorNote error={minted.error} />}
      {s && token && (
        <div className="snippets" data-expires={token.expiresAt}>
          <p role="status">
            Token for {token.employeeId ?? token.role}
            {token.teamId ? `, narrowed to ${team?.name ?? token.teamId}` : ''}, valid until {new Date(token.expiresAt).toLocaleString('en-GB')}.
          </p>
          {snippet('An iframe', s.iframe, 'iframe')}
          {snippet('Or a script tag', s.script, 'script')}
          {s.csv && snippet('CSV (a spreadsheet: =IMPORTDATA("…"))', s.csv, 'csv')}
          {s.json && snippet('Flat JSON for BI tools (send the token as Authorization: Bearer …)', s.json, 'json')}
          <p>
            <a href={s.iframeUrl} target="_blank" rel="noreferrer">
              Open the embedded chart
            </a>
          </p>
        </div>
      )}
    </details>
  );
}
