export * from './types';
export * from './records';
export { FieldReader, normalizeDecimal, isoInstant, instantText } from './cleansing';
export { parseInstant, parseIsoDate, zoneOffsetMs, wallClockToEpoch } from './time';
export { readCsv } from './csv';
export type { CsvRow } from './csv';
export { splitJsonObjects, readJsonObjects } from './json';
export { csvConnector } from './csvConnector';
