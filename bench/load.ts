/**
 * The HTTP load generator of the benchmark harness (bench/run.ts), run as its own
 * process so that it does not share an event loop with the server it measures.
 * Reads one JSON spec from argv[2]:
 *   { urls, connections, durationSeconds, requests: [{ body, token }] }
 * and prints one JSON object: { rps, p99_ms, p50_ms, requests, errors, non2xx, graphql_errors }.
 * With several URLs (API replicas) the connections are split evenly between them,
 * one autocannon instance each, all at once: rps and counts are summed, and p50 and
 * p99 are the highest of the instances' (autocannon gives no merged histogram, so
 * the worst replica's is reported).
 */
import autocannon from 'autocannon';
import fs from 'fs';

interface Spec {
  urls: string[];
  connections: number;
  durationSeconds: number;
  requests: { body: string; token: string }[];
}

async function main(): Promise<void> {
  const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as Spec;
  let graphqlErrors = 0;
  const n = spec.urls.length;
  const results = await Promise.all(
    spec.urls.map((url, i) =>
      autocannon({
        url,
        connections: Math.floor(spec.connections / n) + (i < spec.connections % n ? 1 : 0),
        duration: spec.durationSeconds,
        method: 'POST',
        requests: spec.requests.map((r) => ({
          method: 'POST',
          path: '/graphql',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${r.token}` },
          body: r.body,
          onResponse: (status: number, body: string) => {
            if (status === 200 && body.includes('"errors"')) graphqlErrors++;
          },
        })),
      }),
    ),
  );
  const sum = (f: (r: autocannon.Result) => number) => results.reduce((a, r) => a + f(r), 0);
  const out = {
    rps: Math.round(sum((r) => r.requests.average)),
    p50_ms: Math.max(...results.map((r) => r.latency.p50)),
    p99_ms: Math.max(...results.map((r) => r.latency.p99)),
    requests: sum((r) => r.requests.total),
    errors: sum((r) => r.errors + r.timeouts + r.non2xx) + graphqlErrors,
    non2xx: sum((r) => r.non2xx),
    graphql_errors: graphqlErrors,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e) => {
  process.stderr.write(`load: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
