/** Where something is written in a definition file (1-based line and column). */
export interface Loc {
  file: string;
  line: number;
  col: number;
}

/** One problem found in the definitions. */
export interface DefinitionProblem {
  loc: Loc;
  message: string;
}

export function formatLoc(loc: Loc): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}

export function formatProblem(p: DefinitionProblem): string {
  return `${formatLoc(p.loc)}: ${p.message}`;
}

/**
 * Collects every problem across all definition files, so a user sees them all at
 * once (like Cube's ErrorReporter) instead of fixing them one run at a time.
 */
export class ErrorReporter {
  readonly problems: DefinitionProblem[] = [];

  error(loc: Loc, message: string): void {
    this.problems.push({ loc, message });
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  sorted(): DefinitionProblem[] {
    return [...this.problems].sort(
      (a, b) => a.loc.file.localeCompare(b.loc.file) || a.loc.line - b.loc.line || a.loc.col - b.loc.col,
    );
  }
}

/** Thrown when definitions are invalid; the message lists every problem, one per line. */
export class InvalidDefinitionsError extends Error {
  constructor(readonly problems: DefinitionProblem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in metric definitions:\n` +
        problems.map((p) => `  ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'InvalidDefinitionsError';
  }
}
