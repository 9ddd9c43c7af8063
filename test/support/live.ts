import { createClient, Client } from 'graphql-ws';
import WebSocket from 'ws';

/** A graphql-ws client over a real WebSocket, signed in with a bearer token. */
export function wsClient(base: string, bearer: string | null): Client {
  return createClient({
    url: `${base.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: bearer ? { authorization: `Bearer ${bearer}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

export interface Collected<T = any> {
  results: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] }[];
  /** Resolves when at least n results have arrived (rejects on a transport error). */
  until(n: number, timeoutMs?: number): Promise<void>;
  closed: Promise<unknown>;
  stop(): void;
}

/** Subscribes and keeps every result. */
export function collect<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}): Collected<T> {
  const results: Collected<T>['results'] = [];
  const waiters: { n: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let failure: unknown = null;
  let closeResolve!: (v: unknown) => void;
  const closed = new Promise((r) => (closeResolve = r));
  const check = () => {
    for (const w of [...waiters]) {
      if (results.length >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      } else if (failure) {
        waiters.splice(waiters.indexOf(w), 1);
        w.reject(failure);
      }
    }
  };
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (r) => {
        results.push(r as Collected<T>['results'][number]);
        check();
      },
      error: (e) => {
        failure = e;
        check();
        closeResolve(e);
      },
      complete: () => {
        failure ??= new Error('completed');
        check();
        closeResolve('complete');
      },
    },
  );
  return {
    results,
    closed,
    stop,
    until(n, timeoutMs = 20000) {
      return new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`timed out waiting for ${n} results (have ${results.length}: ${JSON.stringify(results).slice(0, 500)})`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(t), resolve()), reject: (e) => (clearTimeout(t), reject(e)) });
        check();
      });
    },
  };
}

/** A Connect contact record (CTR) as Amazon Connect sends it. */
export function ctr(c: {
  id: string;
  at: number;
  queue?: string;
  agent?: string | null;
  queueSeconds?: number | null;
  talk?: number;
  hold?: number;
  acw?: number;
  disconnected?: boolean;
  updatedAt?: number;
}): Record<string, unknown> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const enq = c.at + 1000;
  const connected = c.agent && c.queueSeconds != null ? enq + c.queueSeconds * 1000 : null;
  const end = connected ? connected + ((c.talk ?? 0) + (c.hold ?? 0)) * 1000 : c.queueSeconds != null ? enq + c.queueSeconds * 1000 : null;
  return {
    ContactId: c.id,
    Channel: 'VOICE',
    InitiationMethod: 'INBOUND',
    InitiationTimestamp: iso(c.at),
    ...(c.disconnected === false || end === null ? {} : { DisconnectTimestamp: iso(end) }),
    LastUpdateTimestamp: iso(c.updatedAt ?? (end ?? enq) + 1000),
    CustomerEndpoint: { Address: `+44-${c.id}`, Type: 'TELEPHONE_NUMBER' },
    Queue: c.queue ? { Name: c.queue, EnqueueTimestamp: iso(enq), ...(c.queueSeconds != null ? { Duration: c.queueSeconds } : {}) } : null,
    Agent: connected
      ? { Username: c.agent, ConnectedToAgentTimestamp: iso(connected), AgentInteractionDuration: c.talk ?? 0, CustomerHoldDuration: c.hold ?? 0, AfterContactWorkDuration: c.acw ?? 0 }
      : null,
  };
}
