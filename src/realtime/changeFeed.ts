import { Client } from 'pg';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { CHANGE_CHANNEL, ChangeEvent } from '../ingest/changes';
import { changeEvents } from './metrics';

/** A change event with the time this process received it (≈ the run's commit). */
export interface ReceivedChange extends ChangeEvent {
  receivedAt: number;
}

export type ChangeListener = (e: ReceivedChange) => void;

/**
 * One LISTEN connection per server on the change channel (src/ingest/changes.ts).
 * PostgreSQL delivers a run's notification when it commits, so a listener that
 * re-reads on a notification sees the run's rows. A lost connection is reopened
 * (after 0.5 s, doubling up to 10 s); after a reconnect every listener gets a
 * synthetic "anything may have changed" event for each kind, since notifications
 * sent while the connection was down are gone.
 */
export class ChangeFeed {
  private client: Client | null = null;
  private readonly listeners = new Set<ChangeListener>();
  private closed = false;
  private retryMs = 500;
  private timer: NodeJS.Timeout | null = null;
  private connectedOnce = false;
  /** Resolves once the first LISTEN is in place. */
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(private readonly url: string, private readonly log?: Logger) {
    this.ready = new Promise((r) => (this.markReady = r));
  }

  static forDataSource(ds: DataSource, log?: Logger): ChangeFeed {
    const url = (ds.options as { url?: string }).url;
    if (!url) throw new Error('the change feed needs the data source URL');
    return new ChangeFeed(url, log);
  }

  on(l: ChangeListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  start(): Promise<void> {
    void this.connect();
    return this.ready;
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new Client({ connectionString: this.url, application_name: 'switchboard-change-feed' });
    const lost = (why: string) => {
      if (this.client !== client) return;
      this.client = null;
      client.removeAllListeners();
      client.end().catch(() => undefined);
      if (this.closed) return;
      this.log?.warn({ reason: why }, 'change feed connection lost; reconnecting');
      this.schedule();
    };
    client.on('error', (e) => lost(e.message));
    client.on('end', () => lost('connection ended'));
    client.on('notification', (n) => {
      if (n.channel !== CHANGE_CHANNEL || !n.payload) return;
      let e: ChangeEvent;
      try {
        e = JSON.parse(n.payload) as ChangeEvent;
      } catch {
        this.log?.warn({ payload: n.payload.slice(0, 200) }, 'change feed: unreadable notification ignored');
        return;
      }
      this.emit({ ...e, receivedAt: Date.now() });
    });
    try {
      await client.connect();
      this.client = client;
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (e) {
      if (this.client === client) this.client = null;
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      this.log?.warn({ err: (e as Error).message }, 'change feed: cannot listen; retrying');
      this.schedule();
      return;
    }
    this.retryMs = 500;
    if (this.connectedOnce) {
      // Whatever was committed while we were away: tell every listener it may have changed.
      for (const kind of ['interaction', 'sales_order', 'quality_evaluation', 'survey_response', 'adherence_day', 'employee_version', 'org_unit_version'] as const) {
        this.emit({ runId: 'reconnect', connector: 'reconnect', kind, version: 0, from: null, to: null, employees: null, receivedAt: Date.now() });
      }
    }
    this.connectedOnce = true;
    this.markReady();
  }

  private schedule(): void {
    if (this.closed || this.timer) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 10_000);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, wait);
    this.timer.unref();
  }

  private emit(e: ReceivedChange): void {
    changeEvents.inc({ kind: e.kind });
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        this.log?.error({ err }, 'change feed listener failed');
      }
    }
  }

  /** Test hook: drop the connection as a network failure would. */
  dropConnection(): void {
    const c = this.client;
    if (c) c.emit('error', new Error('dropped (test)'));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const c = this.client;
    this.client = null;
    this.markReady();
    if (c) {
      c.removeAllListeners();
      c.on('error', () => undefined);
      await c.end().catch(() => undefined);
    }
  }
}
