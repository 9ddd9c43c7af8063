/**
 * The time an action runs at. Everything in the action loop that reads "now"
 * (alert windows, cooldowns, backoff, due dates, timestamps) takes a clock, so
 * tests and replays can set it; the server and the scheduler pass the system's.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
