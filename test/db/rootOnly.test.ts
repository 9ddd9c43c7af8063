import fs from 'fs';
import os from 'os';
import path from 'path';
import { execSync } from 'child_process';
import { startEmbeddedPostgres } from '../../src/db';
import { bundledBinaries } from '../../src/db/pgBinaries';
import { startCli } from '../support/cli';
import { freePort } from '../support/ports';
import { postgresProcesses, scalar } from '../support/postgres';

/**
 * Issue 7: as root, PostgreSQL runs as the `postgres` system user, which cannot
 * enter a clone under /root (mode 700). Here the same situation is built in a temp
 * folder: the checkout's binaries and the data folder inside a mode-700 folder.
 */
const asRoot = process.getuid?.() === 0 ? describe : describe.skip;
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-rootonly-'));
fs.chmodSync(base, 0o755);
const closed = path.join(base, 'closed');
const shared = path.join(base, 'shared');
const moved: string[] = [];

beforeAll(() => {
  fs.mkdirSync(closed, { mode: 0o700 });
  fs.mkdirSync(shared, { mode: 0o755 });
  // Hard links where the file system allows (instant), else a copy: either way their real path is closed.
  execSync(`cp -al ${bundledBinaries()} ${closed}/native 2>/dev/null || cp -a ${bundledBinaries()} ${closed}/native`);
});

afterAll(() => {
  for (const dir of [base, ...moved]) {
    for (const pid of postgresProcesses(dir)) process.kill(pid, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const postmaster = (pgData: string) => Number(fs.readFileSync(path.join(pgData, 'postmaster.pid'), 'utf8').split('\n')[0]);
const running = (dir: string) => postgresProcesses(dir).length;

asRoot('a checkout the postgres system user cannot enter', () => {
  it('runs a copy of the binaries with the cluster in a folder it can reach, each said in one line', async () => {
    const dataDir = path.join(closed, 'data');
    const native = path.join(closed, 'native');
    const port = await freePort();
    const notices: string[] = [];
    const opts = { dataDir, port, binaries: native, sharedRoot: shared, notice: (l: string) => notices.push(l) };

    const pg = await startEmbeddedPostgres(opts);
    expect(notices).toHaveLength(2);
    const [where, bins] = notices;
    expect(where).toMatch(new RegExp(`^embedded PostgreSQL: the postgres system user cannot enter ${dataDir}, so the database lives in ${shared}/data-[0-9a-f]{16}$`));
    expect(bins).toMatch(new RegExp(`^embedded PostgreSQL: the postgres system user cannot reach ${native}; using a copy of the PostgreSQL binaries in ${shared}/pg-bin-[0-9a-f]{16}$`));
    const pgData = where.split(' lives in ')[1];
    const copy = bins.split(' binaries in ')[1];
    // The server runs as postgres, from the copy, on the cluster outside the closed folder.
    const [user, program] = execSync(`ps -o user=,args= -p ${postmaster(pgData)}`, { encoding: 'utf8' }).trim().split(/\s+/);
    expect(user).toBe('postgres');
    expect(program).toBe(path.join(copy, 'bin', 'postgres'));
    await scalar(pg.url, 'CREATE TABLE kept (v int); INSERT INTO kept VALUES (7)');
    await pg.stop();
    expect(running(base)).toBe(0);

    // The next start finds both again: nothing copied, nothing said, the data kept.
    notices.length = 0;
    const again = await startEmbeddedPostgres(opts);
    expect(notices).toEqual([]);
    expect(await scalar(again.url, 'SELECT v FROM kept')).toBe(7);
    await again.stop();
    expect(running(base)).toBe(0);
  });

  it('`switchboard start` with its data folder under a mode-700 folder serves, and says where the database lives', async () => {
    const httpPort = await freePort();
    const cli = startCli(['start', '--no-demo'], {
      DATABASE_URL: undefined,
      SWITCHBOARD_DATA_DIR: path.join(closed, 'cli-data'),
      SWITCHBOARD_EMBEDDED_PG_PORT: String(await freePort()),
      PORT: String(httpPort),
    }, /Press Ctrl-C/);
    await cli.started;
    const { err } = cli.output();
    const m = /^embedded PostgreSQL: the postgres system user cannot enter \S+, so the database lives in (\S+)\n$/.exec(err);
    expect(m).not.toBeNull();
    moved.push(m![1]);
    expect(m![1].startsWith(closed)).toBe(false);
    expect((await fetch(`http://127.0.0.1:${httpPort}/healthz`)).status).toBe(200);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    expect(running(m![1])).toBe(0);
  });
});
