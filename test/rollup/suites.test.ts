import { runSuitesWithRollups } from './mode';

// The KPI and slicing suites, hand-computed expectations unchanged, answered from the rollups.
runSuitesWithRollups();
require('../metrics/kpis.test');
require('../metrics/slicing.test');
