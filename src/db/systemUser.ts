import { execFileSync, spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import { DatabaseUnavailableError } from './errors';

/**
 * The system user PostgreSQL runs as. PostgreSQL refuses to run as root, so a root
 * process runs it as the `postgres` system user (created if missing); anyone else
 * runs it as themselves (`uid` undefined).
 */
export interface DatabaseUser {
  name: string;
  uid?: number;
  gid?: number;
}

const NAME = 'postgres';

function idOf(flag: '-u' | '-g'): number | null {
  try {
    return Number(execFileSync('id', [flag, NAME], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    return null;
  }
}

let cached: DatabaseUser | undefined;

export function databaseUser(): DatabaseUser {
  if (cached) return cached;
  if (process.getuid?.() !== 0) return (cached = { name: os.userInfo().username });
  if (idOf('-u') === null) {
    try {
      if (spawnSync('getent', ['group', NAME]).status !== 0) execFileSync('groupadd', ['--system', NAME], { stdio: 'ignore' });
      execFileSync('useradd', ['--system', '--gid', NAME, '--no-create-home', '--shell', '/usr/sbin/nologin', NAME], { stdio: 'ignore' });
    } catch (e) {
      throw new DatabaseUnavailableError(
        `embedded PostgreSQL: running as root, PostgreSQL needs a "${NAME}" system user and creating it failed (${(e as Error).message.split('\n')[0]}); create one (useradd --system ${NAME}) or set DATABASE_URL`,
      );
    }
  }
  return (cached = { name: NAME, uid: idOf('-u')!, gid: idOf('-g')! });
}

/** Options for child_process that run a program as the database user, from a folder it can always enter. */
export function asUser(user: DatabaseUser): { uid?: number; gid?: number; cwd: string } {
  return user.uid === undefined ? { cwd: '/' } : { uid: user.uid, gid: user.gid, cwd: '/' };
}

/** Whether the database user can pass `test <flag> path` (-x: enter a folder or run a program; -w: write). */
export function userCan(user: DatabaseUser, flag: '-x' | '-w', p: string): boolean {
  if (user.uid === undefined) {
    try {
      fs.accessSync(p, flag === '-x' ? fs.constants.X_OK : fs.constants.W_OK);
      return true;
    } catch {
      return false;
    }
  }
  return spawnSync('/bin/sh', ['-c', `test ${flag} "$1"`, 'sh', p], { ...asUser(user), stdio: 'ignore' }).status === 0;
}

/** Makes `p` the database user's (a no-op when that is this process's user). */
export function giveToUser(user: DatabaseUser, p: string): void {
  if (user.uid !== undefined) fs.chownSync(p, user.uid, user.gid!);
}
