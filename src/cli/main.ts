import 'reflect-metadata';
import { Command } from 'commander';
import { registerIngest } from './commands/ingest';
import { registerMetrics } from './commands/metrics';
import { registerMigrate } from './commands/migrate';
import { registerRollups } from './commands/rollups';
import { registerSchedule } from './commands/schedule';
import { registerSchema } from './commands/schema';
import { registerServe } from './commands/serve';
import { registerStart } from './commands/start';
import { registerToken } from './commands/token';
import { handleSignals } from './signals';

/** Every command of `switchboard`. A new command is one file in commands/ and one line here. */
const commands: ((program: Command) => void)[] = [
  registerMigrate,
  registerIngest,
  registerSchedule,
  registerServe,
  registerStart,
  registerToken,
  registerSchema,
  registerMetrics,
  registerRollups,
];

export function buildProgram(): Command {
  const program = new Command('switchboard')
    .description('Switchboard: the open data hub for customer operations')
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str.replace(/^error: /, 'switchboard: ')) });
  for (const register of commands) register(program);
  return program;
}

export function main(argv: string[]): void {
  handleSignals();
  buildProgram()
    .parseAsync(argv)
    .catch((e: unknown) => {
      process.stderr.write(`switchboard: ${(e as Error).message}\n`);
      process.exitCode = 1;
    });
}
