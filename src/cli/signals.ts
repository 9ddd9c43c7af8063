/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP for every command, at any moment: the first
 * one runs the shutdown steps the command registered (newest first, each given a
 * few seconds), then exits; a second one exits at once. Either way the embedded
 * database is let go of (an exit hook stops it if no other process uses it).
 *
 * The exit code is 128 + the signal number (130 for Ctrl-C: the work was cut short),
 * or 0 for a command whose normal end is a signal (a server, the scheduler) once it
 * is running.
 */
type Step = () => Promise<void>;

const STEP_MS = 8000;
const SIGNALS: [NodeJS.Signals, number][] = [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]];
const steps: Step[] = [];
let shutting: NodeJS.Signals | null = null;
let endsWithSignal = false;

/** Registers a step; returns a function that unregisters it (when the command is done with it). */
export function onShutdown(step: Step): () => void {
  steps.push(step);
  return () => {
    const i = steps.indexOf(step);
    if (i >= 0) steps.splice(i, 1);
  };
}

/** From now on a signal is this command's normal end: exit 0 once the steps ran. */
export function signalEndsNormally(): void {
  endsWithSignal = true;
}

/** Whether a signal is being handled (the errors that follow from stopping are not reported). */
export function shuttingDown(): boolean {
  return shutting !== null;
}

function bounded(step: Step): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, STEP_MS);
    step()
      .catch(() => undefined)
      .finally(() => {
        clearTimeout(timer);
        resolve();
      });
  });
}

export function handleSignals(): void {
  for (const [sig, n] of SIGNALS) {
    process.on(sig, () => {
      if (shutting) process.exit(128 + n);
      shutting = sig;
      process.stderr.write(`\n${sig}: shutting down\n`);
      void (async () => {
        for (const step of [...steps].reverse()) await bounded(step);
        process.exit(endsWithSignal ? 0 : 128 + n);
      })();
    });
  }
}
