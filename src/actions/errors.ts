/**
 * A refusal meant for the caller (GraphQL maps `code` to extensions.code):
 * BAD_USER_INPUT for a wrong value, FORBIDDEN for something outside the
 * caller's scope, NOT_FOUND for an unknown id. Keeps GraphQL out of actions.
 */
export class ActionError extends Error {
  constructor(readonly code: 'BAD_USER_INPUT' | 'FORBIDDEN' | 'NOT_FOUND', message: string) {
    super(message);
    this.name = 'ActionError';
  }
}

export const badInput = (message: string) => new ActionError('BAD_USER_INPUT', message);
export const forbidden = (message: string) => new ActionError('FORBIDDEN', message);
export const notFound = (message: string) => new ActionError('NOT_FOUND', message);
