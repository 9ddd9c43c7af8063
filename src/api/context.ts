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
}

export function createContext(ds: DataSource, config: Config, principal: Principal, now: Date = new Date()): ApiContext {
  const org = new OrgChart(ds);
  return { ds, config, org, loaders: createLoaders(ds, org), principal, today: dateInZone(now, config.orgTimezone) };
}
