/**
 * Real-time benchmark (issue 12): pushes contact events to POST /ingest at a steady
 * rate while subscriptions are open over WebSocket, and measures how long an event
 * takes to show in a subscription.
 *
 * - The server runs as its own process (`switchboard serve`) so its RSS is its own.
 * - 200 agents in 10 teams (bench/generate.ts), `--history` contacts loaded first.
 * - Subscriptions (`--subscriptions`, default 100): half are agents' own
 *   metricDataLive (contacts handled and AHT today; each its own evaluation), a
 *   quarter an admin's metricDataLive by TEAM (one shared evaluation), a quarter
 *   queueIntradayLive (one shared evaluation).
 * - Pushes `--rate` events/s (default 200) for `--seconds` (default 60), as
 *   `--per-request` contacts (default 10) per request, each a new handled contact
 *   of a random agent.
 * - Event-to-update latency: for each contact of an agent with a subscription, from
 *   the moment its request was sent to the first update showing that agent's count
 *   including it (so it contains batching, the run's commit, the notification,
 *   the debounce and the one-a-second limit).
 * Prints one JSON report.
 *
 *   npm run bench:realtime -- [--rate 200] [--seconds 60] [--subscriptions 100] [--history 50000] [--keep]
 *
 * Needs DATABASE_URL (a server where it may create `switchboard_bench_realtime`). Not a test.
 */
import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { mintToken } from '../src/access';
import { createDataSource, migrateUp } from '../src/db';
import { runIngest } from '../src/ingest';
import { dropDatabase, freshDatabase, runBench } from './benchDb';
import { agentName, writeCtrFile, writeHrFiles } from './generate';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const SECRET = 'bench-secret-that-is-long-enough-for-hs256!';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pct(xs: number[], q: number): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]);
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

function contact(id: string, agent: number, at: number): Record<string, unknown> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const q = 1 + (agent % 25);
  return {
    ContactId: id,
    Channel: 'VOICE',
    InitiationMethod: 'INBOUND',
    InitiationTimestamp: iso(at - 120_000),
    DisconnectTimestamp: iso(at - 1000),
    LastUpdateTimestamp: iso(at),
    CustomerEndpoint: { Address: `+1555${String(agent).padStart(4, '0')}`, Type: 'TELEPHONE_NUMBER' },
    Queue: { Name: `Queue ${agent % 5}`, EnqueueTimestamp: iso(at - 119_000), Duration: q },
    Agent: { Username: agentName(agent), ConnectedToAgentTimestamp: iso(at - 119_000 + q * 1000), AgentInteractionDuration: 90, CustomerHoldDuration: 5, AfterContactWorkDuration: 10 },
  };
}

async function main(): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('set DATABASE_URL to a PostgreSQL server the benchmark may create a database on');
  const rate = Number(arg('rate') ?? 200);
  const seconds = Number(arg('seconds') ?? 60);
  const nSubs = Number(arg('subscriptions') ?? 100);
  const history = Number(arg('history') ?? 50_000);
  const perRequest = Number(arg('per-request') ?? 10);
  const agents = 200;
  const dbName = 'switchboard_bench_realtime';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bench-rt-'));
  const url = await freshDatabase(base, dbName);
  const ds = createDataSource({ url, poolSize: 4, applicationName: 'switchboard-bench' });
  await ds.initialize();
  let server: ChildProcess | undefined;
  const clients: ReturnType<typeof createClient>[] = [];
  try {
    await migrateUp(ds);
    const hr = writeHrFiles(dir, agents);
    await runIngest(ds, 'hr-org-units', [hr.orgUnits]);
    await runIngest(ds, 'hr-employees', [hr.employees]);
    if (history > 0) {
      const file = path.join(dir, 'history.jsonl');
      await writeCtrFile(file, history, { agents, from: new Date(Date.now() - 30 * 86_400_000).toISOString() });
      await runIngest(ds, 'amazon-connect-ctr', [file]);
    }
    await ds.query('ANALYZE');
    await ds.destroy();

    const port = 40000 + Math.floor(Math.random() * 20000);
    server = spawn(process.execPath, [path.join(__dirname, '..', '..', 'bin', 'switchboard.js'), 'serve', '--port', String(port)], {
      env: { ...process.env, DATABASE_URL: url, SWITCHBOARD_JWT_SECRET: SECRET, SWITCHBOARD_DATA_DIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let serverErr = '';
    server.stderr!.on('data', (d) => (serverErr = (serverErr + String(d)).slice(-4000)));
    server.stdout!.resume();
    const http = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (server.exitCode !== null) throw new Error(`server exited: ${serverErr}`);
      if (await fetch(`${http}/healthz`).then((r) => r.ok, () => false)) break;
      if (i > 600) throw new Error('server did not start within 60 s');
      await sleep(100);
    }
    const pid = server.pid!;
    const rssStart = rssMb(pid);

    const now = new Date();
    const dayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const window = { from: new Date(dayStart).toISOString(), to: new Date(dayStart + 86_400_000).toISOString() };
    const admin = await mintToken(SECRET, { role: 'admin', ttlSeconds: 7200 });
    const service = await mintToken(SECRET, { role: 'service', ttlSeconds: 7200 });

    // Subscriptions.
    const nAgents = Math.floor(nSubs / 2);
    const nTeam = Math.floor(nSubs / 4);
    const nQueue = nSubs - nAgents - nTeam;
    const sent = new Map<number, number[]>(); // agent -> send time of each pushed contact, in order
    const measured = new Map<number, number>(); // agent -> contacts already measured
    const latencies: number[] = [];
    let updates = 0;
    let initial = 0;
    const open = (bearer: string) => {
      const c = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${bearer}` }, retryAttempts: 0 });
      clients.push(c);
      return c;
    };
    const started: Promise<void>[] = [];
    const subscribe = (bearer: string, query: string, variables: Record<string, unknown>, onData: (d: any) => void) => {
      let first = true;
      started.push(
        new Promise<void>((resolve, reject) => {
          open(bearer).subscribe(
            { query, variables },
            {
              next: (r) => {
                if (r.errors) return reject(new Error(JSON.stringify(r.errors)));
                if (first) {
                  first = false;
                  initial++;
                  resolve();
                } else updates++;
                onData(r.data);
              },
              error: (e) => reject(e instanceof Error ? e : new Error(`subscription failed: ${JSON.stringify(e)} ${(e as { code?: number; reason?: string }).code ?? ''} ${(e as { reason?: string }).reason ?? ''}`)),
              complete: () => undefined,
            },
          );
        }),
      );
    };
    for (let i = 0; i < nAgents; i++) {
      const t = await mintToken(SECRET, { role: 'agent', employeeId: `emp-${i}`, ttlSeconds: 7200 });
      sent.set(i, []);
      measured.set(i, 0);
      subscribe(t, `subscription($q: MetricQueryInput!) { metricDataLive(query: $q) { rows { values } } }`, { q: { metrics: ['contacts_handled', 'aht'], ...window } }, (d) => {
        const n = Number(d.metricDataLive.rows[0]?.values[0] ?? 0);
        const times = sent.get(i)!;
        const at = Date.now();
        for (let k = measured.get(i)!; k < Math.min(n, times.length); k++) latencies.push(at - times[k]);
        measured.set(i, Math.max(measured.get(i)!, Math.min(n, times.length)));
      });
    }
    for (let i = 0; i < nTeam; i++) subscribe(admin, `subscription($q: MetricQueryInput!) { metricDataLive(query: $q) { rows { teamId values } } }`, { q: { metrics: ['contacts_handled', 'aht', 'service_level'], dimensions: ['TEAM'], ...window } }, () => undefined);
    for (let i = 0; i < nQueue; i++) subscribe(admin, `subscription { queueIntradayLive { queue offered handled waiting serviceLevel asa } }`, {}, () => undefined);
    await Promise.all(started);
    const rssSubscribed = rssMb(pid);

    // Push.
    let pushed = 0;
    let accepted = 0;
    let rejected = 0;
    let failedRequests = 0;
    const responseMs: number[] = [];
    const inflight = new Set<Promise<void>>();
    let seq = 0;
    let rssPeak = rssSubscribed;
    const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(pid))), 1000);
    const t0 = Date.now();
    const requests = Math.round((rate * seconds) / perRequest);
    for (let r = 0; r < requests; r++) {
      const due = t0 + (r * 1000 * perRequest) / rate;
      if (due > Date.now()) await sleep(due - Date.now());
      const batch: Record<string, unknown>[] = [];
      const agentsOf: number[] = [];
      for (let k = 0; k < perRequest; k++) {
        const a = Math.floor(Math.random() * agents);
        batch.push(contact(`live-${seq++}`, a, Date.now()));
        agentsOf.push(a);
      }
      const at = Date.now();
      for (const a of agentsOf) sent.get(a)?.push(at);
      pushed += batch.length;
      const p = fetch(`${http}/ingest/amazon-connect-ctr`, { method: 'POST', headers: { authorization: `Bearer ${service}`, 'content-type': 'application/json' }, body: JSON.stringify(batch) })
        .then(async (res) => {
          const body = (await res.json()) as { inserted?: number; updated?: number; rejected?: number };
          responseMs.push(Date.now() - at);
          if (res.status !== 200) failedRequests++;
          accepted += (body.inserted ?? 0) + (body.updated ?? 0);
          rejected += body.rejected ?? 0;
        })
        .catch(() => void failedRequests++)
        .finally(() => inflight.delete(p));
      inflight.add(p);
    }
    const pushSeconds = (Date.now() - t0) / 1000;
    await Promise.all(inflight);
    // Let the last updates arrive (at most a few seconds).
    const expected = () => [...sent.values()].reduce((s, t) => s + t.length, 0);
    for (let i = 0; i < 100 && latencies.length < expected(); i++) await sleep(100);
    clearInterval(rssTimer);
    const metricsText = await (await fetch(`${http}/metrics`)).text();
    const num = (re: RegExp) => Number(re.exec(metricsText)?.[1] ?? NaN);
    const serverCount = num(/^switchboard_event_to_visible_seconds_count\{subscription="metricDataLive"\} (\S+)$/m);
    const serverSum = num(/^switchboard_event_to_visible_seconds_sum\{subscription="metricDataLive"\} (\S+)$/m);
    const report = {
      bench: 'realtime',
      eventsPerSecondTarget: rate,
      eventsPerSecondAchieved: +(pushed / pushSeconds).toFixed(1),
      seconds,
      eventsPerRequest: perRequest,
      historyContacts: history,
      subscriptions: { total: nSubs, agentMetricDataLive: nAgents, teamMetricDataLive: nTeam, queueIntradayLive: nQueue, sharedEvaluations: num(/^switchboard_subscription_groups\{subscription="metricDataLive"\} (\S+)$/m) + num(/^switchboard_subscription_groups\{subscription="queueIntradayLive"\} (\S+)$/m) },
      eventsPushed: pushed,
      eventsAccepted: accepted,
      eventsRejected: rejected,
      failedRequests,
      pushRuns: num(/^switchboard_push_batches_total\{connector="amazon-connect-ctr"\} (\S+)$/m),
      pushResponseMs: { p50: pct(responseMs, 0.5), p95: pct(responseMs, 0.95) },
      updatesReceived: updates,
      initialResults: initial,
      eventToUpdateMs: { samples: latencies.length, expected: expected(), p50: pct(latencies, 0.5), p95: pct(latencies, 0.95), p99: pct(latencies, 0.99), max: pct(latencies, 1) },
      serverEvaluationMeanMs: Math.round(
        (1000 * num(/^switchboard_live_evaluation_seconds_sum\{subscription="metricDataLive"\} (\S+)$/m)) / num(/^switchboard_live_evaluation_seconds_count\{subscription="metricDataLive"\} (\S+)$/m),
      ),
      serverEvaluations: num(/^switchboard_live_evaluation_seconds_count\{subscription="metricDataLive"\} (\S+)$/m),
      serverCommitToPushMeanMs: serverCount ? Math.round((serverSum / serverCount) * 1000) : null,
      targetP95Ms: 2000,
      serverRssMb: { start: rssStart, subscribed: rssSubscribed, peak: rssPeak, end: rssMb(pid) },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    for (const c of clients) await c.dispose();
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server!.once('exit', r));
    }
    if (ds.isInitialized) await ds.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
    if (!process.argv.includes('--keep')) await dropDatabase(base, dbName);
  }
}

runBench(() =>
  main().catch((e) => {
    // Socket errors are events, not Errors: say what they were.
    throw e instanceof Error ? e : new Error(`${Object.prototype.toString.call(e)} ${require('util').inspect(e, { depth: 2, showHidden: true }).slice(0, 1500)} ${JSON.stringify(Object.getOwnPropertyNames(e ?? {}))}`);
  }),
);
