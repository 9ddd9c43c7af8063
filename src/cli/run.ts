import { Config, ConfigError, loadConfig } from '../config';
import { Database, DatabaseUnavailableError, openDatabase } from '../db';
import { ConfigFileError } from '../actions';
import { InvalidDefinitionsError } from '../semantic';
import { onShutdown, shuttingDown } from './signals';

/** An error meant for the user: printed as one line, exit code 1 (or `exitCode`). */
export class UserError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'UserError';
  }
}

/** Prints one line on stderr, never a stack trace (set SWITCHBOARD_DEBUG=1 for one). */
export function reportFatal(e: unknown): number {
  const known =
    e instanceof UserError || e instanceof ConfigError || e instanceof DatabaseUnavailableError || e instanceof InvalidDefinitionsError || e instanceof ConfigFileError;
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`switchboard: ${known ? msg : `unexpected error: ${msg.split('\n')[0]}`}\n`);
  if (process.env.SWITCHBOARD_DEBUG && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  return e instanceof UserError ? e.exitCode : 1;
}

/** Wraps a command action: errors become one line on stderr and a non-zero exit. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void | number>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const code = await fn(...args);
      if (typeof code === 'number' && code !== 0) process.exitCode = code;
    } catch (e) {
      // A signal stopping the database makes the command's queries fail: that is not its error.
      if (shuttingDown()) return;
      process.exitCode = reportFatal(e);
    }
  };
}

/**
 * Opens the database for a command (embedded when DATABASE_URL is unset: started, or
 * shared with the process already serving from it); a signal lets go of it at once.
 */
export async function openForCommand(config: Config, opts: { quiet?: boolean } = {}): Promise<Database> {
  const db = await openDatabase(config, {
    log: opts.quiet || !process.env.SWITCHBOARD_DEBUG ? undefined : (l) => process.stderr.write(`${l}\n`),
  });
  onShutdown(() => db.abort());
  return db;
}

/** Loads the configuration and opens the database for `fn`, closing it after. */
export async function withDatabase<T>(fn: (db: Database, config: Config) => Promise<T>, opts: { quiet?: boolean } = {}): Promise<T> {
  const config = loadConfig();
  const db = await openForCommand(config, opts);
  try {
    return await fn(db, config);
  } finally {
    await db.close();
  }
}
