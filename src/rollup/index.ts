export { rollupDefs, componentsOf, componentColumn, catalogOfManifest, SLOT_SECONDS } from './define';
export type { RollupFactDef, RollupComponent } from './define';
export { rebuildRollups, syncRollups, compactDayTiers, rollupsCurrent, dropRollups, loadRollupCatalog, rollupStatus, generateRollup } from './build';
export type { RollupStatus } from './build';
