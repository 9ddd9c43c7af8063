import { DataSource } from 'typeorm';
import { Principal } from '../access';
import { dateInZone, IsoDate, OrgChart } from '../canonical';
import { Config } from '../config';
import { createLoaders, Loaders } from './loaders';

/** What every resolver gets: the database, the org chart, per-request loaders and the caller. */
export interface ApiContext {
  ds: DataSource;
  config: Config;
  org: OrgChart;
  loaders: Loaders;
  principal: Principal;
  /** Today's org-chart date (SWITCHBOARD_ORG_TIMEZONE). */
  today: IsoDate;
  /** The request's clock (the server's, or one a test injects): actions read "now" from it. */
  clock: () => Date;
}

export function createContext(ds: DataSource, config: Config, principal: Principal, now: Date | (() => Date) = () => new Date()): ApiContext {
  const org = new OrgChart(ds);
  const clock = typeof now === 'function' ? now : () => now;
  return { ds, config, org, loaders: createLoaders(ds, org), principal, today: dateInZone(clock(), config.orgTimezone), clock };
}
