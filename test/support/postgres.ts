import { execSync } from 'child_process';
import { Client } from 'pg';

/** Pids of the postgres processes whose command line contains `fragment` (a data directory: the postmasters). */
export function postgresProcesses(fragment: string): number[] {
  return execSync('ps -eo pid,args', { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(fragment) && /postgres/.test(l) && !l.includes('ps -eo'))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

/** Runs `sql` (several statements allowed) on `url` and returns column `v` of the last one's first row. */
export async function scalar(url: string, sql: string): Promise<unknown> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const res = await c.query(sql);
    const last = Array.isArray(res) ? res[res.length - 1] : res;
    return last.rows[0]?.v;
  } finally {
    await c.end();
  }
}
