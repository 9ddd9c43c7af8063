import { CanonicalModel1763800000000 } from './1763800000000-CanonicalModel';

/** Every migration, in order. Add new ones at the end. */
export const migrations = [CanonicalModel1763800000000];
