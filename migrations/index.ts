import { CanonicalModel1763800000000 } from './1763800000000-CanonicalModel';
import { IngestProcessedFiles1763900000000 } from './1763900000000-IngestProcessedFiles';
import { GoalsAndGamification1764000000000 } from './1764000000000-GoalsAndGamification';
import { ActionLoop1764100000000 } from './1764100000000-ActionLoop';
import { DataVersion1764150000000 } from './1764150000000-DataVersion';
import { RollupsAndLineage1764200000000 } from './1764200000000-RollupsAndLineage';

/** Every migration, in order. Add new ones at the end. */
export const migrations = [
  CanonicalModel1763800000000,
  IngestProcessedFiles1763900000000,
  GoalsAndGamification1764000000000,
  ActionLoop1764100000000,
  DataVersion1764150000000,
  RollupsAndLineage1764200000000,
];
