import { Logger } from 'pino';
import { ChangeFeed, ReceivedChange } from './changeFeed';
import { evaluationSeconds, eventToVisible, liveGroups, openSubscriptions, pushes } from './metrics';

/** Never more than one push per this many ms to one subscription. */
export const MIN_PUSH_INTERVAL_MS = 1000;
/** Changes arriving within this many ms of each other are evaluated together. */
export const DEBOUNCE_MS = 100;

/**
 * Shared evaluations running at once, server-wide. A change can concern every group
 * at once (a contact for each of 50 agents' own boards); unbounded, their statements
 * would fill the connection pool ahead of the ingest runs that feed them.
 */
export const MAX_CONCURRENT_EVALUATIONS = 3;

/** A counting semaphore. */
export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(n: number) {
    this.free = n;
  }
  async run<T>(f: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((r) => this.waiting.push(r));
    try {
      return await f();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

/** What a shared evaluation needs: how to compute the result, and which changes concern it. */
export interface LiveSource<T> {
  /** The subscription field (for metrics labels). */
  field: string;
  /** Normalized query + scope: subscriptions with the same key share one evaluation. */
  key: string;
  evaluate(): Promise<T>;
  /** Whether a committed change may alter the result. */
  affects(e: ReceivedChange): boolean;
  /** Re-evaluate this often even without changes (clock-driven results: "today", waiting times). */
  refreshMs?: number;
}

/** One subscriber's queue of results, throttled to one per MIN_PUSH_INTERVAL_MS. */
class Subscriber<T> implements AsyncIterableIterator<T> {
  private readonly values: T[] = [];
  private waiters: ((r: IteratorResult<T>) => void)[] = [];
  private done = false;
  private lastPushAt = 0;
  private held: { value: T; since: number | null } | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Whether it has had its first result. */
  started = false;

  constructor(private readonly field: string, private readonly onClose: () => void) {}

  /** A result for this subscriber; `since` = when the change that caused it arrived. */
  deliver(value: T, since: number | null): void {
    if (this.done) return;
    this.started = true;
    const wait = this.lastPushAt + MIN_PUSH_INTERVAL_MS - Date.now();
    if (wait > 0) {
      // Keep the newest only; the earliest cause is what the latency measures.
      this.held = { value, since: this.held?.since ?? since };
      if (!this.timer) {
        this.timer = setTimeout(() => this.release(), wait);
        this.timer.unref();
      }
      return;
    }
    this.push(value, since);
  }

  private release(): void {
    this.timer = null;
    const h = this.held;
    this.held = null;
    if (h) this.push(h.value, h.since);
  }

  private push(value: T, since: number | null): void {
    this.lastPushAt = Date.now();
    if (since !== null) eventToVisible.observe({ subscription: this.field }, (this.lastPushAt - since) / 1000);
    pushes.inc({ subscription: this.field });
    const w = this.waiters.shift();
    if (w) w({ value, done: false });
    else this.values.push(value);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.values.length) return Promise.resolve({ value: this.values.shift()!, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((r) => this.waiters.push(r));
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(e?: unknown): Promise<IteratorResult<T>> {
    this.close();
    return Promise.reject(e);
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.waiters.splice(0)) w({ value: undefined, done: true });
    this.onClose();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}

class Group<T> {
  readonly subscribers = new Set<Subscriber<T>>();
  last: { value: T; json: string } | null = null;
  first: Promise<void>;
  private timer: NodeJS.Timeout | null = null;
  private refresh: NodeJS.Timeout | null = null;
  private running = false;
  private pendingSince: number | null = null;
  private dirty = false;
  private lastEvalAt = 0;

  constructor(readonly source: LiveSource<T>, private readonly slots: Slots, private readonly log?: Logger) {
    this.first = this.evaluate(null);
    if (source.refreshMs) {
      this.refresh = setInterval(() => this.changed(null), source.refreshMs);
      this.refresh.unref();
    }
  }

  /** A change that concerns this group (`since` null: a clock refresh). */
  changed(since: number | null): void {
    if (since !== null) this.pendingSince = Math.min(this.pendingSince ?? since, since);
    this.dirty = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.running || !this.dirty) return;
    const wait = Math.max(DEBOUNCE_MS, this.lastEvalAt + MIN_PUSH_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      const since = this.pendingSince;
      this.pendingSince = null;
      this.dirty = false;
      void this.evaluate(since).finally(() => this.schedule());
    }, wait);
    this.timer.unref();
  }

  private async evaluate(since: number | null): Promise<void> {
    this.running = true;
    this.lastEvalAt = Date.now();
    try {
      const value = await this.slots.run(() => {
        const stop = evaluationSeconds.startTimer({ subscription: this.source.field });
        return this.source.evaluate().finally(() => stop());
      });
      const json = JSON.stringify(value);
      const changed = this.last?.json !== json;
      this.last = { value, json };
      for (const s of this.subscribers) if (changed || !s.started) s.deliver(value, s.started ? since : null);
    } catch (e) {
      // The first evaluation's error goes to the subscriber (bad input); later ones are logged.
      if (!this.last) throw e;
      this.log?.error({ err: e, subscription: this.source.field }, 'live evaluation failed; keeping the last result');
    } finally {
      this.running = false;
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.refresh) clearInterval(this.refresh);
    this.timer = this.refresh = null;
  }
}

/**
 * Live results for subscriptions: one shared evaluation per normalized query and
 * scope (LiveSource.key), re-run when a committed change concerns it (debounced,
 * at most once a second), pushed to its subscribers only when the result changed.
 */
export class LiveHub {
  private readonly groups = new Map<string, Group<unknown>>();
  private readonly unlisten: () => void;
  private readonly slots = new Slots(MAX_CONCURRENT_EVALUATIONS);

  constructor(feed: ChangeFeed, private readonly log?: Logger) {
    this.unlisten = feed.on((e) => {
      for (const g of this.groups.values()) {
        let hit = false;
        try {
          hit = g.source.affects(e);
        } catch (err) {
          this.log?.error({ err }, 'live relevance check failed');
          hit = true;
        }
        if (hit) g.changed(e.receivedAt);
      }
    });
  }

  /** Subscribes; resolves after the first result is known (its error rejects). */
  async subscribe<T>(source: LiveSource<T>): Promise<AsyncIterableIterator<T>> {
    let g = this.groups.get(source.key) as Group<T> | undefined;
    if (!g) {
      g = new Group<T>(source, this.slots, this.log);
      this.groups.set(source.key, g as Group<unknown>);
      liveGroups.inc({ subscription: source.field });
    }
    const group = g;
    const sub: Subscriber<T> = new Subscriber<T>(source.field, () => {
      openSubscriptions.dec({ subscription: source.field });
      group.subscribers.delete(sub);
      if (group.subscribers.size === 0 && this.groups.get(source.key) === group) {
        group.stop();
        this.groups.delete(source.key);
        liveGroups.dec({ subscription: source.field });
      }
    });
    group.subscribers.add(sub);
    openSubscriptions.inc({ subscription: source.field });
    try {
      await group.first;
    } catch (e) {
      sub.close();
      throw e;
    }
    if (!sub.started && group.last) sub.deliver(group.last.value, null);
    return sub;
  }

  /** Shared evaluations open now (tests). */
  groupCount(): number {
    return this.groups.size;
  }

  close(): void {
    this.unlisten();
    for (const g of this.groups.values()) {
      g.stop();
      for (const s of [...g.subscribers]) s.close();
    }
    this.groups.clear();
  }
}
