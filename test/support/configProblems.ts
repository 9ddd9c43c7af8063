import { ConfigFileError } from '../../src/actions';

/** The file:line problems a definitions loader reports ([] when it loads). */
export function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigFileError) return e.problems;
    throw e;
  }
  return [];
}
