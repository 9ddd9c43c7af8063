/**
 * The HTTP load generator of the benchmark harness (bench/run.ts), run as its own
 * process so that it does not share an event loop with the server it measures.
 * Reads one JSON spec from argv[2]:
 *   { url, connections, durationSeconds, requests: [{ body, token }] }
 * and prints one JSON object: { rps, p99_ms, p50_ms, requests, errors, non2xx, graphql_errors }.
 */
import autocannon from 'autocannon';
import fs from 'fs';

interface Spec {
  url: string;
  connections: number;
  durationSeconds: number;
  requests: { body: string; token: string }[];
}

async function main(): Promise<void> {
  const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as Spec;
  let graphqlErrors = 0;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
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
  });
  const out = {
    rps: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx + graphqlErrors,
    non2xx: result.non2xx,
    graphql_errors: graphqlErrors,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e) => {
  process.stderr.write(`load: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
