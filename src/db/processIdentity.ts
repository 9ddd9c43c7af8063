import fs from 'fs';

/**
 * A process as other processes can recognise it later: its pid alone could be reused
 * by an unrelated process after it died, so its start time (in clock ticks since
 * boot, from /proc) and the boot id go with it. Off Linux both are null and only
 * the pid is compared.
 */
export interface ProcessIdentity {
  pid: number;
  started: string | null;
  boot: string | null;
}

function readProc(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Fields of /proc/<pid>/stat after the command name (which may itself hold spaces and parentheses). */
function statFields(pid: number): string[] | null {
  const stat = readProc(`/proc/${pid}/stat`);
  if (stat === null) return null;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

const bootId = (): string | null => readProc('/proc/sys/kernel/random/boot_id')?.trim() ?? null;

function identify(pid: number): ProcessIdentity {
  // starttime is field 22 of stat; fields[0] is field 3 (the state).
  return { pid, started: statFields(pid)?.[19] ?? null, boot: bootId() };
}

export function currentProcess(): ProcessIdentity {
  return identify(process.pid);
}

function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether `pid` has exited. A zombie counts as exited: a daemonised postgres is
 * re-parented to pid 1, which in some containers never reaps it.
 */
export function processGone(pid: number): boolean {
  if (!signalable(pid)) return true;
  const fields = statFields(pid);
  return fields !== null && fields[0] === 'Z';
}

/** Whether the process `id` names is still the one running (not a later process that got its pid). */
export function isRunning(id: ProcessIdentity): boolean {
  if (!Number.isInteger(id.pid) || id.pid <= 0 || processGone(id.pid)) return false;
  const now = identify(id.pid);
  if (id.boot !== null && now.boot !== null && id.boot !== now.boot) return false;
  return id.started === null || now.started === null || id.started === now.started;
}

/** The command line of `pid` (arguments joined by spaces), or null when unknown (no /proc). */
export function commandLine(pid: number): string | null {
  return readProc(`/proc/${pid}/cmdline`)?.split('\0').join(' ') ?? null;
}

/** Blocks the thread: only for the exit hook, where nothing asynchronous runs any more. */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Waits until `cond` holds or `ms` have passed; returns whether it holds. */
export async function waitFor(cond: () => boolean, ms: number, stepMs = 50): Promise<boolean> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() >= until) return false;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return true;
}

export function waitForSync(cond: () => boolean, ms: number, stepMs = 50): boolean {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() >= until) return false;
    sleepSync(stepMs);
  }
  return true;
}
