export { runIngest, IngestError } from './runIngest';
export type { RunSummary, IngestOptions, IngestProgress } from './runIngest';
export { sweepAbandonedRuns, ABANDONED } from './ledger';
export { FACTS } from './facts';
export { CHANGE_CHANNEL, MAX_LISTED_EMPLOYEES, dataVersions } from './changes';
export type { ChangeEvent, FactChangeRange } from './changes';
