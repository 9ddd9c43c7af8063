export * from './types';
export { loadManifest, loadManifestOrThrow, defaultMetricsDir } from './manifest';
export type { LoadResult } from './manifest';
export { recordDefinitionVersions } from './versions';
export { ErrorReporter, InvalidDefinitionsError, formatProblem, formatLoc } from './errors';
export type { Loc, DefinitionProblem } from './errors';
export { parseExpr } from './expr';
export type { DExpr } from './expr';
export { didYouMean } from './typecheck';
