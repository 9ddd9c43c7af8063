import { Client } from 'pg';

async function admin<T>(base: string, f: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: base });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

/** A fresh, empty database `name` on the server of `base` (dropped first if it exists); returns its URL. */
export async function freshDatabase(base: string, name: string): Promise<string> {
  await admin(base, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropDatabase(base: string, name: string): Promise<void> {
  await admin(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** Runs a benchmark: a failure is one line on stderr and a non-zero exit. */
export function runBench(main: () => Promise<void>): void {
  main().catch((e) => {
    process.stderr.write(`bench: ${(e as Error).message}\n`);
    process.exitCode = 1;
  });
}
