/**
 * The caller may not see or do this (SPEC §7). Carries the code the API reports
 * (`FORBIDDEN`); src/access knows nothing about GraphQL, the API maps it.
 */
export class AccessError extends Error {
  readonly code = 'FORBIDDEN';
  constructor(message: string) {
    super(message);
    this.name = 'AccessError';
  }
}
