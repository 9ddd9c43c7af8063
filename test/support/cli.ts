import { spawn, spawnSync, SpawnSyncReturns } from 'child_process';
import path from 'path';

export const BIN = path.resolve(__dirname, '../../bin/switchboard.js');

/** Runs the built CLI synchronously with extra environment. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 60000): SpawnSyncReturns<string> {
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...env })) if (v !== undefined) merged[k] = v;
  return spawnSync(process.execPath, [BIN, ...args], { env: merged, encoding: 'utf8', timeout: timeoutMs });
}

/** Starts the CLI in the background; resolves once stdout matches `ready`. */
export function startCli(args: string[], env: Record<string, string | undefined>, ready: RegExp, timeoutMs = 90000) {
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...env })) if (v !== undefined) merged[k] = v;
  const child = spawn(process.execPath, [BIN, ...args], { env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const started = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI not ready after ${timeoutMs} ms\nstdout: ${out}\nstderr: ${err}`)), timeoutMs);
    child.stdout.on('data', (d) => {
      out += d;
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited (${code}) before ready\nstdout: ${out}\nstderr: ${err}`));
    });
  });
  return { child, started, exited, output: () => ({ out, err }) };
}
