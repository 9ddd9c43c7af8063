import { Client } from 'pg';

/** Advisory-lock key of the scheduler leader (migrations use 0x5b0, ingest 0x5b1 and 0x5b2). */
export const SCHEDULER_LOCK = 0x5b3;

export interface LeaderLog {
  info(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export interface LeaderOptions {
  url: string;
  key?: number;
  /** How often a follower tries to take the lock, and the leader checks its session (ms). */
  intervalMs?: number;
  /** Called when this process becomes the leader: start the jobs. */
  onElected(): void | Promise<void>;
  /** Called when it stops being the leader (session lost, or stop()): stop the jobs at once. */
  onDeposed(): void | Promise<void>;
  log?: LeaderLog;
}

/**
 * One leader among several processes (API replicas, schedulers) through a
 * PostgreSQL session-level advisory lock held on a dedicated connection (never a
 * pooled one: the lock belongs to the session). Followers try `pg_try_advisory_lock`
 * every interval; when the leader dies its session ends, PostgreSQL releases the
 * lock, and the next try of a follower wins. The leader checks its session every
 * interval as well: if it is lost (the database restarted, the connection was cut,
 * an administrator terminated it) it is deposed at once, before anyone else can take
 * over, so two leaders never run jobs at the same time as seen by this process.
 * A network partition is the one gap: until PostgreSQL notices the dead peer (TCP
 * keepalive), nobody else can take the lock either, so the gap delays failover but
 * never doubles the leader.
 */
export class LeaderLock {
  private client: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private leading = false;
  private stopped = false;
  private busy: Promise<void> = Promise.resolve();

  constructor(private readonly opts: LeaderOptions) {}

  get isLeader(): boolean {
    return this.leading;
  }

  /** Tries once now, then every interval. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.step();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.busy;
    await this.depose('stopping');
    const c = this.client;
    this.client = null;
    if (c) {
      await c.query('SELECT pg_advisory_unlock($1)', [this.key]).catch(() => undefined);
      await c.end().catch(() => undefined);
    }
  }

  private get key(): number {
    return this.opts.key ?? SCHEDULER_LOCK;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.busy = this.step().finally(() => this.schedule());
    }, this.opts.intervalMs ?? 5000);
    this.timer.unref?.();
  }

  private async step(): Promise<void> {
    try {
      if (!this.client) {
        const c = new Client({ connectionString: this.opts.url, keepAlive: true, application_name: 'switchboard-leader' });
        c.on('error', () => this.lost(c, 'connection error'));
        c.on('end', () => this.lost(c, 'connection ended'));
        await c.connect();
        this.client = c;
      }
      if (this.leading) {
        // The leader's check: its session (and so its lock) is still there.
        await this.client.query('SELECT 1');
        return;
      }
      const [{ got }] = (await this.client.query('SELECT pg_try_advisory_lock($1) AS got', [this.key])).rows;
      if (got && !this.stopped) {
        this.leading = true;
        this.opts.log?.info('elected leader', { lock: this.key, pid: process.pid });
        await this.opts.onElected();
      }
    } catch (e) {
      const c = this.client;
      if (c) this.lost(c, (e as Error).message.split('\n')[0]);
      else this.opts.log?.error('cannot reach the database to elect a leader', { error: (e as Error).message.split('\n')[0] });
    }
  }

  /** The session is gone: the lock with it. */
  private lost(c: Client, why: string): void {
    if (this.client !== c) return;
    this.client = null;
    c.end().catch(() => undefined);
    void this.depose(why);
  }

  private async depose(why: string): Promise<void> {
    if (!this.leading) return;
    this.leading = false;
    this.opts.log?.info('no longer the leader', { lock: this.key, pid: process.pid, why });
    try {
      await this.opts.onDeposed();
    } catch (e) {
      this.opts.log?.error('stopping the jobs failed', { error: (e as Error).message });
    }
  }
}
