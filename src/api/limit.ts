import { badInput } from '../actions';

/** Refuses a list `limit` outside 1 … max (BAD_USER_INPUT). */
export function checkLimit(limit: number, max = 1000): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw badInput(`limit: 1 to ${max}`);
}
