export { ConfigError, loadConfig, isValidTimeZone } from "./config";
export type { Config } from './config';
export { repoRoot } from './paths';
