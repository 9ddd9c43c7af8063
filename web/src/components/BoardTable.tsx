import { BoardEntry } from '../api/types';
import { formatValue } from '../metrics/format';

/** Who an entry is, as the caller may see it (SPEC §7: anonymous peers on a private board). */
export function entryName(e: BoardEntry): string {
  if (e.isMe) return 'You';
  if (e.anonymous) return 'Anonymous peer';
  return e.employee?.name ?? e.employeeId ?? '';
}

/** A leaderboard or contest standing: rank, who, value, volume; the caller's (or highlighted) row marked. */
export function BoardTable(props: { caption: string; entries: (BoardEntry & { prize?: { label: string } | null })[]; format: string; volumeLabel?: string; highlight?: string | null; prizes?: boolean }) {
  const { caption, entries, format, volumeLabel, highlight, prizes } = props;
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="board">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">Rank</th>
            <th scope="col">Who</th>
            <th scope="col" className="num">Value</th>
            {volumeLabel && <th scope="col" className="num">{volumeLabel}</th>}
            {prizes && <th scope="col">Prize</th>}
          </tr>
        </thead>
        <tbody>
          {entries.map((e, i) => {
            const marked = e.isMe || (!!highlight && e.employeeId === highlight);
            return (
              <tr key={`${e.employeeId ?? 'anon'}-${i}`} className={marked ? 'me' : undefined} data-me={marked ? 'true' : undefined}>
                <td className="num">{e.rank ?? '–'}</td>
                <th scope="row" className={e.anonymous ? 'anonymous' : undefined}>
                  {entryName(e)}
                  {marked && !e.isMe && <span className="visually-hidden"> (this agent)</span>}
                </th>
                <td className="num">{formatValue(e.value, format)}</td>
                {volumeLabel && <td className="num">{formatValue(e.volume, 'integer')}</td>}
                {prizes && <td>{e.prize?.label ?? ''}</td>}
              </tr>
            );
          })}
          {entries.length === 0 && (
            <tr>
              <td colSpan={2 + (volumeLabel ? 1 : 0) + (prizes ? 1 : 0) + 1} className="empty">
                Nobody on the board yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
