export { ConfigError, loadConfig, isValidTimeZone, maxRecordBytesProblem, MAX_RECORD_BYTES } from "./config";
export type { Config } from './config';
export { repoRoot } from './paths';
