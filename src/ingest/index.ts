export { runIngest, IngestError } from './runIngest';
export type { RunSummary, IngestOptions, IngestProgress } from './runIngest';
export { sweepAbandonedRuns, ABANDONED } from './ledger';
export { FACTS } from './facts';
