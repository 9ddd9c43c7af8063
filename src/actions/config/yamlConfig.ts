import fs from 'fs';
import path from 'path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';

/** A problem in a configuration file, as `file:line: where: what`. */
export class ConfigFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigFileError';
  }
}

/** Every .yaml/.yml file directly in `dir`, sorted (none when the folder is absent). */
export function yamlFilesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(dir, e.name))
    .sort();
}

const shown = (file: string) => {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
};

/**
 * Reads one YAML file and checks it against a zod schema. Each problem names the
 * file and the line of the offending value (found from the issue's path in the
 * document), so a user can go straight to it. Returns the value or the problems.
 */
export function readYamlConfig<T>(file: string, schema: z.ZodType<T>): { value: T; line: (p: (string | number)[]) => number } | { problems: string[] } {
  const name = shown(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { problems: [`${name}:1: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`] };
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  if (doc.errors.length) return { problems: doc.errors.map((e) => `${name}:${e.linePos?.[0].line ?? 1}: ${e.message.split('\n')[0]}`) };
  const line = (p: (string | number)[]): number => {
    for (let i = p.length; i >= 0; i--) {
      const node = i === 0 ? doc.contents : doc.getIn(p.slice(0, i), true);
      if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
    }
    return 1;
  };
  const parsed = schema.safeParse(doc.toJSON());
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((i) => `${name}:${line(i.path as (string | number)[])}: ${i.path.join('.') || '(file)'}: ${i.message}`) };
  }
  return { value: parsed.data, line };
}

export { shown as displayPath };
