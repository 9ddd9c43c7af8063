import { useQuery } from '@apollo/client';
import { useState } from 'react';
import { CONTACTS, Contact, ContactConnection } from '../../api/actionQueries';
import { ErrorNote, Loading } from '../../components/QueryState';
import { Column, SortableTable } from '../../components/SortableTable';
import { formatDuration, NO_VALUE } from '../../metrics/format';
import { when } from '../workflow/common';

const PAGE = 50;
const secs = (v: number | null) => (v === null ? NO_VALUE : formatDuration(v));
const yes = (b: boolean) => (b ? 'Yes' : 'No');

const COLUMNS: Column<Contact>[] = [
  { key: 'time', label: 'Started', value: (c) => c.initiatedAt, render: (c) => when(c.initiatedAt).slice(11) },
  { key: 'queue', label: 'Queue', value: (c) => c.queue },
  { key: 'channel', label: 'Channel', value: (c) => `${c.channel} ${c.initiationMethod ?? ''}`, render: (c) => `${c.channel.toLowerCase()}${c.initiationMethod ? `, ${c.initiationMethod.toLowerCase()}` : ''}` },
  { key: 'wait', label: 'In queue', value: (c) => c.queueSeconds, render: (c) => secs(c.queueSeconds), numeric: true },
  { key: 'handle', label: 'Handle time', value: (c) => c.handleSeconds, render: (c) => (c.handled ? secs(c.handleSeconds) : 'Not handled'), numeric: true },
  { key: 'talk', label: 'Talk', value: (c) => c.talkSeconds, render: (c) => secs(c.talkSeconds), numeric: true },
  { key: 'hold', label: 'Hold', value: (c) => c.holdSeconds, render: (c) => secs(c.holdSeconds), numeric: true },
  { key: 'acw', label: 'After-contact work', value: (c) => c.acwSeconds, render: (c) => secs(c.acwSeconds), numeric: true },
  { key: 'transferred', label: 'Transferred', value: (c) => Number(c.transferred), render: (c) => yes(c.transferred) },
  { key: 'repeated', label: 'Called again', value: (c) => Number(c.repeated), render: (c) => yes(c.repeated) },
  { key: 'csat', label: 'CSAT', value: (c) => c.csat, render: (c) => (c.csat === null ? NO_VALUE : String(c.csat)), numeric: true },
];

/**
 * The contacts behind a day's numbers (`contacts`, scoped by the server as metricData
 * is), a page at a time. "Called again" is what makes a contact not count as a
 * first-contact resolution; handle time is what AHT averages.
 */
export function ContactsSection({ employeeId, from, to, label }: { employeeId: string; from: string; to: string; label: string }) {
  // The cursors of the pages before this one (the first page has none).
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const { data, error, loading } = useQuery<{ contacts: ContactConnection }>(CONTACTS, { variables: { employeeId, from, to, first: PAGE, after } });
  const c = data?.contacts;
  const start = (cursors.length - 1) * PAGE;
  return (
    <section aria-labelledby="contacts-h" className="contacts">
      <h2 id="contacts-h">The contacts behind these numbers</h2>
      {error && <ErrorNote error={error} />}
      {loading && !data && <Loading what="the contacts" />}
      {c && (
        <>
          <p className="help contacts-count" data-total={c.totalCount}>
            {c.totalCount === 0 ? 'No contacts.' : `${c.totalCount} contact${c.totalCount === 1 ? '' : 's'}${c.totalCount > PAGE ? `; ${start + 1}–${start + c.nodes.length} shown` : ''}. Times on your clock.`}
          </p>
          {c.nodes.length > 0 && <SortableTable caption={`${label}: each contact`} rows={c.nodes} rowKey={(r) => r.contactId} columns={COLUMNS} />}
          {(cursors.length > 1 || c.pageInfo.hasNextPage) && (
            <div className="pager">
              <button type="button" className="secondary" disabled={cursors.length === 1} onClick={() => setCursors((cs) => cs.slice(0, -1))}>
                Previous {PAGE}
              </button>
              <button type="button" className="secondary" disabled={!c.pageInfo.hasNextPage} onClick={() => setCursors((cs) => [...cs, c.pageInfo.endCursor])}>
                Next {PAGE}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
