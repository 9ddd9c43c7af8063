import fs from 'fs';
import path from 'path';
import { Command } from 'commander';
import { printApiSchema } from '../../api';
import { repoRoot } from '../../config';
import { action } from '../run';

export const SCHEMA_FILE = path.join(repoRoot(), 'schema.graphql');

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the GraphQL schema (SDL); --write updates schema.graphql')
    .option('--write', 'write schema.graphql at the repository root')
    .action(
      action(async (opts: { write?: boolean }) => {
        const sdl = printApiSchema();
        if (opts.write) {
          fs.writeFileSync(SCHEMA_FILE, sdl);
          process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
        } else {
          process.stdout.write(sdl);
        }
      }),
    );
}
